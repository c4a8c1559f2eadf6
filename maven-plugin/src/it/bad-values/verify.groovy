def log = new File(basedir, 'build.log').text
assert log.contains('it.Bad.none(): [decor/RetryMaxAttempts] @Retry(maxAttempts = 0) must be at least 1; use 1 to call once without retrying.')
assert log.contains('it.Bad.soon(int): [decor/Duration] @Cached(expireAfterWrite) = "soon" is not a duration;')
assert log.contains('it.Bad.shaky(): [decor/RetryJitter] @Retry(jitter = 1.5) must be in [0, 1)')
assert log.contains('decor:check found 3 problems')
assert new File(basedir, 'target/decor/decorated.json').text.contains('"maxAttempts": 0')

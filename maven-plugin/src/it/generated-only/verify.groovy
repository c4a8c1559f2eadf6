def log = new File(basedir, 'build.log').text
assert log.contains('generated-only: k! after a retry, timed once')
assert log =~ /Service\.fetch\(String\)\s+@Timed > @Retry\s+generated/
assert !log.contains('decor:weave')
def json = new File(basedir, 'target/decor/decorated.json').text
assert json.contains('"mode": "generated"')

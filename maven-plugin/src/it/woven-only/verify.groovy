def log = new File(basedir, 'build.log').text
assert log.contains('decor:weave: wove 2 of 2 classes (full weave)')
assert log.contains('decor:weave: wove 1 of 1 classes (full weave)') // test-weave
assert log =~ /Fixture\.work\(\)\s+@Timed\s+woven/
assert log.contains('woven-only: fetched K on the 3rd attempt, answer timed once')
assert log =~ /Store\.load\(String\)\s+@Retry\s+woven/
def json = new File(basedir, 'target/decor/decorated.json').text
assert json.contains('"method": "Store.answer()"')
assert !json.contains('"mode": "none"')

def log = new File(basedir, 'build.log').text
assert log.contains('both: wrapper call timed once, woven call once, static job once')
assert log =~ /Service\.work\(\)\s+@Timed\s+generated\+woven/
assert log =~ /Jobs\.run\(\)\s+@Timed\s+woven/

def log = new File(basedir, 'build.log').text
assert log.contains('aspectj-maven-plugin: fetched K on the 3rd attempt, answer timed once')
assert log =~ /Store\.load\(String\)\s+@Retry\s+woven/
assert log =~ /Store\.answer\(\)\s+@Timed\s+woven/

def log = new File(basedir, 'build.log').text
assert log.contains('[decor/NotDecorated] decor annotations on Store.fetch(String), Store.tick() are neither woven nor covered by a generated wrapper, so they do nothing.')
assert log =~ /Store\.tick\(\)\s+@Retry\s+none/

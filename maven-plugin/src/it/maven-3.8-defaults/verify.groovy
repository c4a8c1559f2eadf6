def log = new File(basedir, 'build.log').text
assert log.contains('maven-compiler-plugin:3.1:compile')
assert log.contains('decor:weave: wove 2 of 2 classes (full weave)')
assert log.contains('maven-3.8-defaults: cached, computed once')

def log = new File(basedir, 'build.log').text
assert log.contains("[decor/WeaveDependency] decor:weave weaves decor's aspect from dev.decor:decor-aspectj, but it is not among the dependencies of it:missing-aspect:jar:1.0")
assert log.contains('<artifactId>decor-aspectj</artifactId>')

def log = new File(basedir, 'build.log').text
assert log.contains('[decor/NotDecorated] decor annotations on Service.work() are neither woven nor covered by a generated wrapper')
assert !new File(basedir, 'target/classes/it/DecoratedService.class').exists()

def log = new File(basedir, 'build.log').text
def weaves = (log =~ /decor:weave: [^\n]*/).collect { it }
assert weaves.size() == 3 : weaves
assert weaves[0].startsWith('decor:weave: wove 4 of 4 classes (full weave)')
assert weaves[1].startsWith('decor:weave: 4 classes up to date, nothing to weave')
assert weaves[2].startsWith('decor:weave: wove 1 of 4 classes, 2 up to date, 1 restored from the previous weave')
assert log.contains('incremental: hello v1, every call timed once')
assert log.contains('incremental: hello v2, every call timed once')

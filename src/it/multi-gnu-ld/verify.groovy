// Both patches of the app linked with GNU ld were linked by GNU ld too (lld would leave
// "Linker: LLD" in the library's .comment section) and applied with no full reload.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')
assert !log.contains('Rebuilding')

def patches = (log =~ /Patch (\d+)(?: \(.+?\))?: \d+ KiB, applied by (\d+) of (\d+) client/).collect { it }
assert patches.size() == 2 : "expected two patch lines, got ${patches*.getAt(0)}"
patches.each { assert it[2] == '1' && it[3] == '1' : it[0] }
assert log.contains(': linked by gnu ld\n')

def binary = new File(basedir, 'target/whisker/cargo/debug/multi-gnu-ld-it')
assert !binary.getText('ISO-8859-1').contains('Linker: LLD') : 'the fat build was linked by lld'
def libraries = new File(basedir, 'target/whisker/patch/patches').listFiles().findAll { it.name.endsWith('.so') }
assert libraries.size() == 1 : "expected the last patch library, got ${libraries*.name}"
assert !libraries[0].getText('ISO-8859-1').contains('Linker: LLD') : 'the patch was linked by lld'
return true

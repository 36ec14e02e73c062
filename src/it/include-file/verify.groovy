// The edit of the include_str! file became one patch of the running app, and the file that no crate
// reads sent nothing: one app start, one patch line, the new text printed after the old one.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')
assert log.contains("app output matched '^motto: second motto\$'")

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "expected one app start, got ${pids}"
assert !log.contains('Rebuilding')

assert log.contains('src/notes.txt], so nothing was patched') : 'the save of notes.txt was not reported as unpatched'
assert !log.contains('build.log]') : 'the log file outside the source roots was watched'
def patches = (log =~ /Patch (\d+) \(([^)]*)\): \d+ KiB, applied by (\d+) of (\d+) client/).collect { it }
assert patches.size() == 1 : "expected one patch line, got ${patches*.getAt(0)}"
assert patches[0][2] == 'itincludefile' : patches[0][0]
assert patches[0][3] == '1' && patches[0][4] == '1' : patches[0][0]

int first = log.indexOf('[app] motto: first motto\n')
int second = log.indexOf('[app] motto: second motto\n')
assert first >= 0 : 'the app never printed the original motto'
assert second > first : 'the new motto was not printed after the original one'

pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

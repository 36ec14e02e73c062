// A patch that called env_logger functions the app never called linked, loaded, and logged through
// the logger the app installed at start-up, with no full reload.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "expected one app start, got ${pids}"
assert !log.contains('Rebuilding')
assert !log.contains('Press R')

def patches = (log =~ /Patch (\d+)(?: \(.+?\))?: \d+ KiB, applied by (\d+) of (\d+) client/).collect { it }
assert patches.size() == 2 : "expected two patch lines, got ${patches*.getAt(0)}"
patches.each { assert it[2] == '1' && it[3] == '1' : it[0] }
assert log =~ /\[app\] WARN tick \d+: patched, parsed filter DEBUG/

pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

// A save that does not compile showed rustc's diagnostics and left the app running its old code;
// saving the fix then patched the same app, whose counter kept counting.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')

int error = log.indexOf('[rustc] error[E0308]: mismatched types')
assert error >= 0 : 'rustc diagnostics missing'
int reported = log.indexOf('The change does not compile, so the app keeps running its current code', error)
assert reported > error

// The app kept printing the old text after the error, and the fix came after that.
int stillRunning = log.indexOf('[app] tick ', reported)
assert stillRunning > reported
assert log.indexOf(': hello from the it crate\n', reported) > reported
int fixed = log.indexOf(': fixed after the error\n', reported)
assert fixed > stillRunning

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "expected one app start, got ${pids}"
def patches = (log =~ /Patch (\d+)(?: \(.+?\))?: \d+ KiB, applied by 1 of 1 client/).collect { it[0] }
assert patches.size() == 1 : "expected one applied patch, got ${patches}"

def ticks = (log =~ /\[app\] tick (\d+): /).collect { it[1] as int }
for (int i = 1; i < ticks.size(); i++) {
    assert ticks[i] == ticks[i - 1] + 1 : "tick ${ticks[i - 1]} was followed by ${ticks[i]}"
}
pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

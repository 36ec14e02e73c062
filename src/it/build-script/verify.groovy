// A crate with a build script was patched twice in the one app the goal started: the patched code
// still sees the generated code, the build script's environment variable, the package version and
// the C library. The edit of the C file that the build script compiles asked for R instead.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "expected one app start, got ${pids}"
assert !log.contains('Rebuilding')

def patches = (log =~ /Patch (\d+)(?: \(.+?\))?: \d+ KiB, applied by (\d+) of (\d+) client/).collect { it }
assert patches.size() == 2 : "expected two patch lines, got ${patches*.getAt(0)}"
patches.each { assert it[2] == '1' && it[3] == '1' : it[0] }

int at = 0
['start text', 'first edit', 'final edit'].each { text ->
    String line = ": v1.2.3 generated from-build-script sum 5 ${text}\n"
    int found = log.indexOf(line, at)
    assert found >= 0 : "'${line.trim()}' not printed after offset ${at}"
    at = found + 1
}
assert log =~ /itadd\.c.*Press R/ : 'the C file edit did not ask for a full reload'

def ticks = (log =~ /\[app\] tick (\d+): /).collect { it[1] as int }
for (int i = 1; i < ticks.size(); i++) {
    assert ticks[i] == ticks[i - 1] + 1 : "tick ${ticks[i - 1]} was followed by ${ticks[i]}"
}

pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

// Edits of a workspace library reached through another library, and of the lib of a lib+bin
// package, were patched into the one app the goal started, with no full reload.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "expected one app start, got ${pids}"
assert !log.contains('Rebuilding')
assert !log.contains('Press R')

def patches = (log =~ /Patch (\d+)(?: \(.+?\))?: \d+ KiB, applied by (\d+) of (\d+) client/).collect { it }
assert patches.size() >= 3 : "expected at least three patch lines, got ${patches*.getAt(0)}"
patches.each { assert it[2] == '1' && it[3] == '1' : it[0] }

// The first save edits a-core, so its patch rebuilds a-core, b-mid between it and the tip, and the tip.
def crateLists = (log =~ /Patch \d+ \((.+?)\): \d+ KiB/).collect { it[1] }
assert crateLists.size() >= 3 : "expected the patch lines to name their crates, got ${crateLists}"
assert crateLists[0].startsWith('a_core, b_mid') : crateLists[0]

int at = 0
['core two-6 banner one', 'core two-6 banner two', 'core one-6 banner one'].each { text ->
    int found = log.indexOf(": ${text}\n".toString(), at)
    assert found >= 0 : "'${text}' not printed after offset ${at}"
    at = found + 1
}

pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

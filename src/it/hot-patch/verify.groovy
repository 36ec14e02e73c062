// The goal patched three edits and a revert into the one app it started: each new text appears,
// the counter never restarts, and every patch was applied by the connected app.
String log = new File(basedir, 'build.log').getText('UTF-8')
String hook = new File(basedir, 'hook.log').getText('UTF-8')

assert hook.contains('done') : "the editing thread did not finish:\n${hook}"
assert log.contains('BUILD SUCCESS')
assert log.contains("app output matched '^tick \\d+: hello from the it crate\$'")

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "expected one app start, got ${pids}"
assert !log.contains('Rebuilding')

def patches = (log =~ /Patch (\d+)(?: \(.+?\))?: \d+ KiB, applied by (\d+) of (\d+) client/).collect { it }
assert patches.size() == 4 : "expected four patch lines, got ${patches*.getAt(0)}"
patches.each { assert it[2] == '1' && it[3] == '1' : it[0] }

// Each text appears after the previous one, and the original text comes back at the end.
int at = 0
['first edit', 'second edit', 'third edit', 'hello from the it crate'].each { text ->
    int found = log.indexOf(": ${text}\n".toString(), at)
    assert found >= 0 : "'${text}' not printed after offset ${at}"
    at = found + 1
}

// The count lives in a static of the host, so it continues across patches without a reset.
def ticks = (log =~ /\[app\] tick (\d+): /).collect { it[1] as int }
assert ticks.size() >= 5 : "expected the start text and four edits, got ticks ${ticks}"
for (int i = 1; i < ticks.size(); i++) {
    assert ticks[i] == ticks[i - 1] + 1 : "tick ${ticks[i - 1]} was followed by ${ticks[i]}"
}

// Before each build the patcher deletes the libraries of the earlier builds: the app received the
// bytes in the patch frame, so the host keeps only the newest library for diagnosis.
def libraries = new File(basedir, 'target/whisker/patch/patches').listFiles().findAll { it.name.endsWith('.so') }
assert libraries.size() == 1 : "expected only the last patch library, got ${libraries*.name}"
assert libraries[0].name ==~ /whisker-patch-[0-9a-f]+-4-[0-9a-f]+\.so/

pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

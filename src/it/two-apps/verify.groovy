// Two processes of the app, with different ASLR slides, were connected when the edit was saved:
// one patch build served both, each applied it, and both printed the new text without a restart.
File hookFile = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 30_000L
while (!(hookFile.exists() && hookFile.getText('UTF-8') =~ /done|failed/) && System.currentTimeMillis() < deadline) {
    Thread.sleep(100)
}
String hook = hookFile.getText('UTF-8')
assert hook.contains('done') : "the hook thread did not finish:\n${hook}"

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')

def slides = (log =~ /clients? connected \(client \d+, aslr reference (0x[0-9a-f]+)\)/).collect { it[1] }
assert slides.size() == 2 : "expected two hellos, got ${slides}"
assert slides[0] != slides[1] : 'both processes reported the same anchor address'

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 1 : "the goal started one app, got ${pids}"
assert log =~ /Patch 1(?: \(.+?\))?: \d+ KiB, applied by 2 of 2 clients/

String second = new File(basedir, 'second-app.log').getText('UTF-8')
int before = second.indexOf('hello from the it crate')
assert before >= 0
assert second.indexOf('patched in both', before) > before
assert log.contains('[app] tick ') && log =~ /\[app\] tick \d+: patched in both/
return true

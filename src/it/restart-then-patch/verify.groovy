// R rebuilt and restarted the app; the edit saved afterwards was patched into the new process,
// whose hello carried its own anchor address, and its counter continued from its own start.
String hook = new File(basedir, 'hook.log').getText('UTF-8')
assert hook.contains('done') : "the editing thread did not finish:\n${hook}"

String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] }
assert pids.size() == 2 : "expected the first app and its restart, got ${pids}"

int restart = log.indexOf('Rebuilding, cycle 1 (R pressed)')
assert restart > 0
def hellos = (log.substring(restart) =~ /clients? connected \(client (\d+), aslr reference (0x[0-9a-f]+)\)/).collect { it }
assert hellos.size() == 1 : "expected one hello after the restart, got ${hellos*.getAt(0)}"
assert hellos[0][1] != '1'

int patched = log.indexOf('Patch 1', restart)
assert patched > restart : 'no patch after the restart'
assert log.substring(patched) =~ /^Patch 1(?: \(.+?\))?: \d+ KiB, applied by 1 of 1 client,/

// The restarted app counts from 1 again, then continues across the patch.
def ticks = (log.substring(restart) =~ /\[app\] tick (\d+): (.*)\n/).collect { [it[1] as int, it[2]] }
int firstNew = ticks.findIndexOf { it[1] == 'after the restart' }
assert firstNew > 0
assert ticks[firstNew][0] == ticks[firstNew - 1][0] + 1
pids.each { pid ->
    assert !ProcessHandle.of(pid as long).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

// The goal built the crate, connected the app, rebuilt and restarted it on R, and ended by itself
// once the new app printed its third tick, leaving no app process behind.
String log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD SUCCESS')
assert log.contains('Rebuilding, cycle 1 (R pressed)')

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] as long }
assert pids.size() == 2 : "expected two app starts, got ${pids}"
assert pids[0] != pids[1]

// The old app's connection may still be open when the new app says hello, so the second count
// can be 1 or 2; what matters is one accepted hello per app.
assert log.contains('1 client connected (client ')
def ready = (log =~ /\d+ clients? connected \(client (\d+),/).collect { it[1] }
assert ready.size() == 2 : "expected a hello from each app, got ${ready}"
assert ready[0] != ready[1]

int restart = log.indexOf('Rebuilding, cycle 1')
assert log.indexOf('[app] tick 3: hello from the it crate', restart) > restart
assert log.contains("app output matched '^tick 3: hello from the it crate\$'")

pids.each { pid ->
    assert !ProcessHandle.of(pid).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

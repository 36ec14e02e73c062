// The first app was stopped by R and the second crashed with code 42. Both left a connection that
// ended without a close frame, and neither may produce a Jetty warning.
String log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD SUCCESS')
assert log.contains('Rebuilding, cycle 1 (R pressed)')

def pids = (log =~ /Started app \(pid (\d+)\)/).collect { it[1] as long }
assert pids.size() == 2 : "expected two app starts, got ${pids}"

assert log.contains('[app] crashing with exit code 42')
def exited = "App (pid ${pids[1]}) exited with code 42. Press R + Enter to rebuild and restart it."
assert log.contains(exited) : "no exit report for the crashed app"
assert log.indexOf(exited) > log.indexOf('[app] crashing with exit code 42')
assert !log.contains("App (pid ${pids[0]}) exited") : "the app stopped by R is not reported as exited"

assert log =~ /Client \d+ disconnected \(close code 1006/ : "the crashed app's disconnect is reported"
assert !log.contains('Unhandled Error') : "Jetty warned about a lost connection"
assert !log.contains('ClosedChannelException') : "a lost connection reached the log at info or above"

pids.each { pid ->
    assert !ProcessHandle.of(pid).map { it.isAlive() }.orElse(false) : "app pid ${pid} is still alive"
}
return true

// The failure names the address and the parameter; no cargo build ran because the port is checked first.
try {
    String log = new File(basedir, 'build.log').getText('UTF-8')

    assert log.contains('BUILD FAILURE')
    assert log.contains('Cannot listen on 127.0.0.1:39871: the address is already in use')
    assert log.contains('<bind>')
    assert log.contains('-Dwhisker.bind=')
    assert !log.contains('Building (initial build)')
} finally {
    System.properties.remove('whisker.it.portHolder')?.close()
}
return true

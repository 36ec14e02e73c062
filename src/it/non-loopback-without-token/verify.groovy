// The rejection gives the reason and where to change the token.
String log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD FAILURE')
assert log.contains("token 'none' is rejected for bind address 0.0.0.0:0: it is not a loopback address")
assert log.contains('<token>')
assert log.contains('-Dwhisker.token=')
assert !log.contains('WebSocket endpoint')
return true

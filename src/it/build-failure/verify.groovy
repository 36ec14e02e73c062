// cargo's diagnostic reaches the log, the failure reason is one line, and no app was started.
String log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD FAILURE')
assert log.contains('[cargo] error[E0308]: mismatched types')
assert log =~ /Failed to execute goal .*: cargo build of buildfailure failed \(exit code 101\)/
assert !log.contains('Started app')
return true

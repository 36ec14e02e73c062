// The failure names both places the manifest was searched and the parameter that sets it.
String log = new File(basedir, 'build.log').getText('UTF-8')
String dir = basedir.canonicalPath

assert log.contains('BUILD FAILURE')
assert log.contains("No Cargo.toml found; tried ${dir}/Cargo.toml, ${dir}/src/main/rust/Cargo.toml")
assert log.contains('<manifestPath>')
assert log.contains('-Dwhisker.manifestPath=')
return true

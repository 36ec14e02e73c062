// The executable has no anchor, so the goal said at start that hot patching is off, naming the
// binary and what to change, and ran the app anyway.
String log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('BUILD SUCCESS')
def off = (log =~ /\[WARNING\] Hot patching is off for this build: (\S+) does not define the anchor symbol 'whisker_aslr_anchor'.*/)
assert off.find() : 'no warning that hot patching is off'
assert off.group(1).endsWith('/target/whisker/cargo/debug/itnoanchor')
assert off.group(0).contains('whisker.anchor=main')
assert !log.contains('Hot patching ready')
assert log.indexOf('[app] tick 3: no client linked') > log.indexOf('Hot patching is off')
return true

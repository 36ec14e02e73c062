// Runs only where Debian's packaged crate sources of log and env_logger are installed
// (apt-get install librust-log-dev librust-env-logger-dev); .cargo/config.toml uses them in place of
// crates.io, which the build machines cannot reach.
File registry = new File('/usr/share/cargo/registry')
def names = registry.isDirectory() ? registry.list() as List : []
return names.any { it.startsWith('log-0.4') } && names.any { it.startsWith('env_logger-') }

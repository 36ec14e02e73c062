// Saves an edit of tick() while the goal runs, then reverts it: a thread in the invoker's JVM follows
// build.log and waits, after each save, until the app logs the edited text. The outcome goes to
// hook.log, which verify.groovy checks. Every wait is bounded.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L
String original = 'log::info!("tick {count}: hello from the registry it");'
String patched = 'log::warn!("tick {count}: patched, parsed filter {}", ' +
        'env_logger::Builder::new().parse_filters("debug").build().filter());'

def waitForLog = support.logWaiter(logFile, deadline)

def save = { String from, String to ->
    support.replaceText(source, from, to)
    hookLog << "saved '${to}'\n"
}

Thread editor = new Thread({
    try {
        waitForLog(/1 client connected/, 0)
        waitForLog(/Hot patching ready/, 0)

        int before = logFile.getText('UTF-8').length()
        save(original, patched)
        waitForLog(/\[app\] WARN tick \d+: patched, parsed filter DEBUG\n/, before)

        before = logFile.getText('UTF-8').length()
        save(patched, original)
        waitForLog(/\[app\] INFO tick \d+: hello from the registry it\n/, before)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'multi-registry-it-editor')
editor.daemon = true
editor.start()
return true

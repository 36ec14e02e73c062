// Saves edits while the goal runs, the way an editor does: a thread in the invoker's JVM follows
// build.log and waits, after each save, until the app prints the edited text. First a-core (which
// the app reaches only through b-mid's generic code), then the app's own lib.rs, then both reverted
// in one save. The outcome goes to hook.log, which verify.groovy checks. Every wait is bounded.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File core = new File(basedir, 'libs with space/a-core/src/lib.rs')
File lib = new File(basedir, 'src/lib.rs')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = support.logWaiter(logFile, deadline)

def save = { File source, String from, String to ->
    support.replaceText(source, from, to)
    hookLog << "saved ${source.name}: '${to}'\n"
}

Thread editor = new Thread({
    try {
        waitForLog(/1 client connected/, 0)
        waitForLog(/Hot patching ready/, 0)

        int before = logFile.getText('UTF-8').length()
        save(core, 'core one', 'core two')
        waitForLog(/\[app\] tick \d+: core two-6 banner one\n/, before)

        before = logFile.getText('UTF-8').length()
        save(lib, 'banner one', 'banner two')
        waitForLog(/\[app\] tick \d+: core two-6 banner two\n/, before)

        before = logFile.getText('UTF-8').length()
        save(core, 'core two', 'core one')
        save(lib, 'banner two', 'banner one')
        waitForLog(/\[app\] tick \d+: core one-6 banner one\n/, before)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'multi-workspace-it-editor')
editor.daemon = true
editor.start()
return true

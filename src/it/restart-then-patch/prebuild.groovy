// Saves an edit of src/main.rs once the app restarted by R has connected and the old app's
// connection is closed. A build hook cannot edit mid-run, so this starts a thread in the invoker's
// JVM that follows build.log. The outcome goes to hook.log, which verify.groovy checks. Every wait
// is bounded by the goal's own time limit.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = support.logWaiter(logFile, deadline)

Thread editor = new Thread({
    try {
        int rebuilt = waitForLog(/Rebuilding, cycle 1 \(R pressed\)/, 0)
        waitForLog(/Hot patching ready/, rebuilt)
        waitForLog(/Client 1 disconnected/, rebuilt)
        waitForLog(/clients? connected \(client [2-9]/, rebuilt)

        support.replaceText(source, 'hello from the it crate', 'after the restart')
        hookLog << 'saved the edit\n'

        waitForLog(/\[app\] tick \d+: after the restart\n/, rebuilt)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'restart-then-patch-it-editor')
editor.daemon = true
editor.start()
return true

// Edits the crate while the goal runs, the way an editor saves: a build hook cannot edit mid-run,
// so this starts a thread in the invoker's JVM that follows build.log. The first save of main.rs
// must become a patch, the save of the C file a prompt for R, and the second save of main.rs a
// patch again. The outcome goes to hook.log, which verify.groovy checks. Every wait is bounded.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = support.logWaiter(logFile, deadline)

def save = { String path, String from, String to ->
    File source = new File(basedir, path)
    support.replaceText(source, from, to)
    hookLog << "saved ${path}: '${to}'\n"
}

Thread editor = new Thread({
    try {
        waitForLog(/1 client connected/, 0)
        waitForLog(/Hot patching ready/, 0)

        int before = logFile.getText('UTF-8').length()
        save('src/main.rs', 'start text', 'first edit')
        waitForLog(/\[app\] tick \d+: .* first edit\n/, before)

        before = logFile.getText('UTF-8').length()
        save('src/native/itadd.c', 'return a + b', 'return a + b + 100')
        waitForLog(/itadd\.c.*Press R/, before)

        before = logFile.getText('UTF-8').length()
        save('src/main.rs', 'first edit', 'final edit')
        waitForLog(/\[app\] tick \d+: .* final edit\n/, before)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'build-script-it-editor')
editor.daemon = true
editor.start()
return true

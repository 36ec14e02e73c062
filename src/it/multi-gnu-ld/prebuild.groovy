// Edits src/main.rs while the goal runs, the way an editor saves: a build hook cannot edit mid-run,
// so this starts a thread in the invoker's JVM that follows build.log. Each step waits until the
// app printed the text of the previous edit, so every save becomes its own patch. The outcome goes
// to hook.log, which verify.groovy checks. Every wait is bounded by the goal's own time limit.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = support.logWaiter(logFile, deadline)

def save = { String from, String to ->
    support.replaceText(source, from, to)
    hookLog << "saved '${to}'\n"
}

Thread editor = new Thread({
    try {
        waitForLog(/1 client connected/, 0)
        waitForLog(/Hot patching ready/, 0)
        def texts = ['hello from the gnu ld it', 'linked by gnu ld', 'hello from the gnu ld it']
        for (int i = 1; i < texts.size(); i++) {
            int before = logFile.getText('UTF-8').length()
            save(texts[i - 1], texts[i])
            waitForLog(/\[app\] tick \d+: ${texts[i]}\n/, before)
        }
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'multi-gnu-ld-it-editor')
editor.daemon = true
editor.start()
return true

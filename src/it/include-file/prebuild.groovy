// Saves files while the goal runs, from a thread in the invoker's JVM that follows build.log (a build
// hook cannot edit mid-run). It first saves src/notes.txt, which no crate reads, and waits for the
// notice that nothing was patched; then it saves texts/motto.txt, which src/main.rs embeds with
// include_str!, and waits for the app to print the new text. The outcome goes to hook.log, which
// verify.groovy checks. Every wait is bounded by the goal's own time limit.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = support.logWaiter(logFile, deadline)

def save = { String name, String text ->
    support.writeText(new File(basedir, name), text)
    hookLog << "saved ${name}\n"
}

Thread editor = new Thread({
    try {
        waitForLog(/1 client connected/, 0)
        waitForLog(/Hot patching ready/, 0)
        int before = logFile.getText('UTF-8').length()
        save('src/notes.txt', 'edited notes that no crate reads\n')
        waitForLog(/so nothing was patched/, before)

        before = logFile.getText('UTF-8').length()
        save('texts/motto.txt', 'second motto')
        waitForLog(/\[app\] motto: second motto\n/, before)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    }
} as Runnable, 'include-file-it-editor')
editor.daemon = true
editor.start()
return true

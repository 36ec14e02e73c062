// Saves files while the goal runs, from a thread in the invoker's JVM that follows build.log (a build
// hook cannot edit mid-run). It first saves src/notes.txt, which no crate reads, and waits for the
// notice that nothing was patched; then it saves texts/motto.txt, which src/main.rs embeds with
// include_str!, and waits for the app to print the new text. The outcome goes to hook.log, which
// verify.groovy checks. Every wait is bounded by the goal's own time limit.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File logFile = new File(basedir, 'build.log')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitForLog = { String pattern, int from ->
    while (System.currentTimeMillis() < deadline) {
        String log = logFile.exists() ? logFile.getText('UTF-8') : ''
        def matcher = (log.substring(Math.min(from, log.length())) =~ pattern)
        if (matcher.find()) {
            return from + matcher.end()
        }
        Thread.sleep(100)
    }
    throw new IllegalStateException("timed out waiting for /${pattern}/ in build.log after offset ${from}")
}

def save = { String name, String text ->
    File target = new File(basedir, name)
    File temp = new File(basedir, "${name}.tmp")
    temp.setText(text, 'UTF-8')
    Files.move(temp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE)
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

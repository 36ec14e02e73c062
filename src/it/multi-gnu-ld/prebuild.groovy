// Edits src/main.rs while the goal runs, the way an editor saves: a build hook cannot edit mid-run,
// so this starts a thread in the invoker's JVM that follows build.log. Each step waits until the
// app printed the text of the previous edit, so every save becomes its own patch. The outcome goes
// to hook.log, which verify.groovy checks. Every wait is bounded by the goal's own time limit.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
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

def save = { String from, String to ->
    String text = source.getText('UTF-8')
    assert text.contains(from)
    File temp = new File(basedir, 'src/main.rs.tmp')
    temp.setText(text.replace(from, to), 'UTF-8')
    Files.move(temp.toPath(), source.toPath(), StandardCopyOption.ATOMIC_MOVE)
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

// Edits the crate while the goal runs, the way an editor saves: a build hook cannot edit mid-run,
// so this starts a thread in the invoker's JVM that follows build.log. The first save of main.rs
// must become a patch, the save of the C file a prompt for R, and the second save of main.rs a
// patch again. The outcome goes to hook.log, which verify.groovy checks. Every wait is bounded.
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

def save = { String path, String from, String to ->
    File source = new File(basedir, path)
    String text = source.getText('UTF-8')
    assert text.contains(from)
    File temp = new File(source.parentFile, source.name + '.tmp')
    temp.setText(text.replace(from, to), 'UTF-8')
    Files.move(temp.toPath(), source.toPath(), StandardCopyOption.ATOMIC_MOVE)
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

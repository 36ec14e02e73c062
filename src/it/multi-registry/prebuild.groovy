// Saves an edit of tick() while the goal runs, then reverts it: a thread in the invoker's JVM follows
// build.log and waits, after each save, until the app logs the edited text. The outcome goes to
// hook.log, which verify.groovy checks. Every wait is bounded.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
File hookLog = new File(basedir, 'hook.log')
long deadline = System.currentTimeMillis() + 280_000L
String original = 'log::info!("tick {count}: hello from the registry it");'
String patched = 'log::warn!("tick {count}: patched, parsed filter {}", ' +
        'env_logger::Builder::new().parse_filters("debug").build().filter());'

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

// Starts a second process of the built app once the first has connected, then saves one edit of
// src/main.rs while the goal runs. A build hook cannot act mid-run, so this starts a thread in the
// invoker's JVM that follows build.log. The second app's output goes to second-app.log; the thread
// ends that process before it finishes. Every wait is bounded by the goal's own time limit.
def support = evaluate(new File(basedir, '../../../src/it/shared/editor-support.groovy'))

File logFile = new File(basedir, 'build.log')
File source = new File(basedir, 'src/main.rs')
File hookLog = new File(basedir, 'hook.log')
File secondLog = new File(basedir, 'second-app.log')
long deadline = System.currentTimeMillis() + 280_000L

def waitFor = { File file, String pattern ->
    while (System.currentTimeMillis() < deadline) {
        String text = file.exists() ? file.getText('UTF-8') : ''
        def matcher = (text =~ pattern)
        if (matcher.find()) {
            return matcher
        }
        Thread.sleep(100)
    }
    throw new IllegalStateException("timed out waiting for /${pattern}/ in ${file.name}")
}

Thread editor = new Thread({
    Process second = null
    try {
        waitFor(logFile, /Hot patching ready/)
        waitFor(logFile, /1 client connected/)
        String port = waitFor(logFile, /WebSocket endpoint ws:\/\/127\.0\.0\.1:(\d+)\/whisker-dev/).group(1)
        ProcessBuilder builder = new ProcessBuilder(new File(basedir, 'target/whisker/cargo/debug/ittwoapps').path)
        builder.environment().put('WHISKER_DEV_ADDR', '127.0.0.1:' + port)
        builder.environment().put('WHISKER_DEV_TOKEN', 'two-apps-it-token')
        builder.redirectErrorStream(true).redirectOutput(secondLog)
        second = builder.start()
        hookLog << "started the second app (pid ${second.pid()})\n"
        waitFor(logFile, /2 clients connected/)

        support.replaceText(source, 'hello from the it crate', 'patched in both')
        hookLog << 'saved the edit\n'

        waitFor(secondLog, /tick \d+: patched in both\n/)
        hookLog << 'done\n'
    } catch (Throwable e) {
        hookLog << "failed: ${e}\n"
    } finally {
        if (second != null) {
            second.destroyForcibly().waitFor()
        }
    }
} as Runnable, 'two-apps-it-editor')
editor.daemon = true
editor.start()
return true

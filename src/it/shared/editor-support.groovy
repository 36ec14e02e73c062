// Helpers shared by the prebuild scripts that edit a crate while the goal runs. A prebuild script
// loads this file with evaluate(), which returns the map at the end. The project directory has no
// pom.xml, so the invoker does not run it as a test.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

// Returns a closure that waits until build.log matches `pattern` after the character offset
// `from`, and returns the offset just past the match. It raises once `deadline` has passed.
def logWaiter = { File logFile, long deadline ->
    return { String pattern, int from ->
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
}

// Saves `text` the way editors do: write a temporary file beside the target, then rename it over.
def writeText = { File target, String text ->
    File temp = new File(target.parentFile, target.name + '.tmp')
    temp.setText(text, 'UTF-8')
    Files.move(temp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE)
}

// Replaces `from` with `to` in the target file and saves it with writeText.
def replaceText = { File target, String from, String to ->
    String text = target.getText('UTF-8')
    assert text.contains(from)
    writeText(target, text.replace(from, to))
}

return [logWaiter: logWaiter, writeText: writeText, replaceText: replaceText]

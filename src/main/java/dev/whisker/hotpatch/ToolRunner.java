package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs rustc and linker processes with a replayed environment and a time limit. Output goes to files in a
 * scratch directory rather than pipes, so a tool that writes megabytes of diagnostics cannot block on a
 * full pipe. Processes still running when {@link #close()} is called are killed with their descendants.
 */
public final class ToolRunner implements AutoCloseable {
    private final Path scratchDir;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param scratchDir where standard output and error of each run are buffered; created when missing */
    public ToolRunner(Path scratchDir) {
        this.scratchDir = scratchDir;
    }

    /**
     * Runs {@code argv} in {@code cwd} with exactly {@code env} as its environment, and waits for it.
     * A non-zero exit is returned in the result, not thrown, because a failing rustc is usually the user's
     * compile error.
     *
     * @throws ToolFailedException when the program cannot be started, exceeds {@code timeout} (it is then
     *     killed), the wait is interrupted, or the runner is closed before or while the program runs
     */
    public ToolResult run(List<String> argv, Path cwd, Map<String, String> env, Duration timeout) {
        requireOpen(argv);
        long start = System.nanoTime();
        Path stdout;
        Path stderr;
        Process process;
        try {
            Files.createDirectories(scratchDir);
            stdout = Files.createTempFile(scratchDir, "tool", ".out");
            stderr = Files.createTempFile(scratchDir, "tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new ToolFailedException(argv, "Failed to start " + argv.get(0) + " in " + cwd + ": " + e.getMessage(), e);
        }
        running.add(process);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ToolFailedException(argv, argv.get(0) + " timed out after " + timeout.toMillis()
                        + " ms and was killed; raise the patch tool timeout if the crate needs longer");
            }
            // A process killed by close() exits non-zero, which must not look like a compile error.
            requireOpen(argv);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ToolResult(argv, process.exitValue(), readAndDelete(stdout), readAndDelete(stderr), elapsed);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ToolFailedException(argv, "Interrupted while waiting for " + argv.get(0), e);
        } finally {
            running.remove(process);
        }
    }

    private void requireOpen(List<String> argv) {
        if (closed) {
            throw new ToolFailedException(argv, argv.get(0) + " was stopped because the patcher was closed");
        }
    }

    private static String readAndDelete(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            Files.deleteIfExists(file);
            return text;
        } catch (IOException e) {
            return "(output unavailable: " + e.getMessage() + ")";
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Kills every process this runner started that is still running; later runs are rejected. */
    @Override
    public void close() {
        closed = true;
        running.forEach(ToolRunner::kill);
        running.clear();
    }
}

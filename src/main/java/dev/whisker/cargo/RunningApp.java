package dev.whisker.cargo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A launched app process. Thread-safe. */
public final class RunningApp {

    private final Process process;
    private final CompletableFuture<Integer> exitCode;

    RunningApp(Process process, CompletableFuture<Integer> exitCode) {
        this.process = process;
        this.exitCode = exitCode;
    }

    /** Returns the operating-system process id. */
    public long pid() {
        return process.pid();
    }

    /** Returns whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns a future of the exit code (128 + signal number when a signal ended it). It
     * completes after the app's remaining output lines and its
     * {@link CargoEvent.AppExited} event were delivered.
     */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /**
     * Ends the app and its descendants: SIGTERM, then SIGKILL after {@code grace}. Returns once
     * they are gone or a bounded wait after SIGKILL has passed.
     */
    public void stop(Duration grace) {
        ChildProcesses.destroyTree(process.toHandle(), grace);
    }
}

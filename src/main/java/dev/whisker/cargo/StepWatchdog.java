package dev.whisker.cargo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Ends a cargo run whose current step makes no progress for too long. Progress is any line cargo
 * prints, on stdout (a JSON message after each finished unit) or on stderr. A hung rustc, linker
 * or build script prints nothing, so it is ended {@code timeout} after the last line.
 *
 * <p>Cargo builds several units in parallel, so a hung step next to busy ones is found only once
 * the others are done and the output stops.
 */
final class StepWatchdog implements AutoCloseable {

    /** Longest pause between two checks; the timeout is enforced to within this much. */
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Number of running steps named in the timeout message. */
    private static final int MAX_STEPS_NAMED = 3;

    private final Process process;
    private final Duration timeout;
    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private final Thread thread;
    private volatile String expiredDuring;

    private StepWatchdog(Process process, Duration timeout) {
        this.process = process;
        this.timeout = timeout;
        this.thread = new Thread(this::watch, "whisker-cargo-watchdog");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching {@code process}. With a zero {@code timeout} nothing is watched and
     * {@link #expiredDuring()} stays empty.
     */
    static StepWatchdog start(Process process, Duration timeout) {
        StepWatchdog watchdog = new StepWatchdog(process, timeout);
        if (!timeout.isZero()) {
            watchdog.thread.start();
        }
        return watchdog;
    }

    /** Records progress: cargo printed a line. */
    void progress() {
        lastProgress.set(System.nanoTime());
    }

    /**
     * Returns the steps that were running when the timeout ended the run (for example
     * {@code rustc --crate-name app}), or empty when it did not.
     */
    Optional<String> expiredDuring() {
        return Optional.ofNullable(expiredDuring);
    }

    private void watch() {
        try {
            while (process.isAlive()) {
                long idleNanos = System.nanoTime() - lastProgress.get();
                long leftNanos = timeout.toNanos() - idleNanos;
                if (leftNanos <= 0) {
                    expiredDuring = runningSteps();
                    ChildProcesses.destroyTree(process.toHandle(), ChildProcesses.DEFAULT_GRACE);
                    return;
                }
                Thread.sleep(Math.max(1, Math.min(leftNanos, MAX_CHECK_INTERVAL.toNanos()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            // close() was called because the run ended.
        }
    }

    /** Describes the innermost processes below cargo, the ones that were working or hanging. */
    private String runningSteps() {
        List<ProcessHandle> leaves = process.descendants()
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.children().findAny().isEmpty())
                .limit(MAX_STEPS_NAMED)
                .toList();
        if (leaves.isEmpty()) {
            return "cargo itself";
        }
        return leaves.stream().map(StepWatchdog::describe).collect(Collectors.joining(", "));
    }

    /** Returns the program's file name, with the crate name for a rustc call. */
    private static String describe(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        String program = info.command().map(command -> Path.of(command).getFileName().toString()).orElse("pid "
                + handle.pid());
        String[] arguments = info.arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("--crate-name")) {
                return program + " --crate-name " + arguments[i + 1];
            }
        }
        return program;
    }

    /** Stops watching; the process is left alone. */
    @Override
    public void close() {
        thread.interrupt();
    }
}

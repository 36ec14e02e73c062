package dev.whisker.cargo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Registry of the child processes a dev session started (cargo, the app, and later rustc and
 * the linker), so that quitting, Ctrl-C or a failure can end all of them and their descendants.
 * A process leaves the registry when it exits. Thread-safe.
 */
public final class ChildProcesses implements AutoCloseable {

    /** Time a process gets to exit after SIGTERM before it is killed with SIGKILL. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(3);

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Set<ProcessHandle> tracked = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Adds {@code process} to the registry until it exits, and returns it. After {@link #close()}
     * the process is ended at once instead, so that a build step racing with the shutdown cannot
     * leave a process behind.
     */
    public Process track(Process process) {
        ProcessHandle handle = process.toHandle();
        tracked.add(handle);
        handle.onExit().thenRun(() -> tracked.remove(handle));
        if (closed) {
            destroyTree(handle, Duration.ZERO);
        }
        return process;
    }

    /** Returns the tracked processes that are still alive (descendants not included). */
    public List<ProcessHandle> alive() {
        return tracked.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /**
     * Ends every tracked process and all their descendants: SIGTERM first, then SIGKILL for those
     * still alive after {@code grace}. Returns once all of them are gone or a further bounded wait
     * after SIGKILL has passed.
     */
    public void destroyAll(Duration grace) {
        destroyAll(new ArrayList<>(tracked), grace);
    }

    /** Ends {@code root} and its descendants the same way as {@link #destroyAll(Duration)}. */
    public static void destroyTree(ProcessHandle root, Duration grace) {
        destroyAll(List.of(root), grace);
    }

    /**
     * Ends every tracked process with {@link #DEFAULT_GRACE}, and every process tracked later
     * at once.
     */
    @Override
    public void close() {
        closed = true;
        destroyAll(DEFAULT_GRACE);
    }

    private static void destroyAll(List<ProcessHandle> roots, Duration grace) {
        // Descendants are listed before the roots are signalled: once a parent is gone its
        // children are re-parented and can no longer be found through it.
        Set<ProcessHandle> all = withDescendants(roots);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : all) {
            awaitExit(handle, deadline);
        }
        Set<ProcessHandle> remaining = withDescendants(
                all.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList()));
        remaining.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle handle : remaining) {
            awaitExit(handle, killDeadline);
        }
    }

    private static Set<ProcessHandle> withDescendants(List<ProcessHandle> roots) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            root.descendants().forEach(all::add);
            all.add(root);
        }
        return all;
    }

    private static void awaitExit(ProcessHandle handle, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0 || !handle.isAlive()) {
            return;
        }
        try {
            handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Timed out or failed: the caller escalates to SIGKILL or gives up after the bound.
        }
    }
}

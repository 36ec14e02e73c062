package dev.whisker.watch;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects file events into batches that end after a quiet window without new events.
 *
 * <p>Editors finish an atomic save (write a temporary, rename, touch the directory) within a few
 * milliseconds, and tools such as {@code git checkout} touch hundreds of files in a burst. Waiting
 * until nothing has changed for the quiet window turns each burst into one batch, so one save or
 * one checkout starts one build.
 *
 * <p>This class has no clock and no thread, and reads the file system only to drop files that are
 * gone when the batch is due: every method takes the current time in nanoseconds (as
 * from {@link System#nanoTime()}), so tests drive it with synthetic times. It is not thread-safe;
 * the watcher thread owns it.
 */
public final class Debouncer {

    private final long quietNanos;
    private final Set<Path> pending = new TreeSet<>();
    private final Set<Path> createdInBatch = new HashSet<>();
    private long lastEventNanos;

    /**
     * @param quietWindow how long no event may arrive before a batch is due; must be positive
     */
    public Debouncer(Duration quietWindow) {
        if (quietWindow.isNegative() || quietWindow.isZero()) {
            throw new IllegalArgumentException("quiet window must be positive, got " + quietWindow);
        }
        this.quietNanos = quietWindow.toNanos();
    }

    /** Records that {@code file} changed at {@code nowNanos}; this restarts the quiet window. */
    public void add(Path file, long nowNanos) {
        add(file, false, nowNanos);
    }

    /**
     * Records that {@code file} changed at {@code nowNanos}, and whether the event created it; this
     * restarts the quiet window.
     */
    public void add(Path file, boolean created, long nowNanos) {
        pending.add(file);
        if (created) {
            createdInBatch.add(file);
        }
        lastEventNanos = nowNanos;
    }

    /**
     * Returns the pending batch and clears it if the quiet window has passed since the last event,
     * else returns empty and keeps collecting. Also returns empty when every pending file was
     * transient (see {@link #isTransient}).
     */
    public Optional<ChangeBatch> poll(long nowNanos) {
        if (pending.isEmpty() || nowNanos - lastEventNanos < quietNanos) {
            return Optional.empty();
        }
        Set<Path> files = new TreeSet<>();
        for (Path file : pending) {
            if (!isTransient(file)) {
                files.add(file);
            }
        }
        pending.clear();
        createdInBatch.clear();
        return files.isEmpty() ? Optional.empty() : Optional.of(ChangeBatch.of(files));
    }

    /**
     * Returns whether {@code file} is gone and was never a source the build reads: it was created
     * within this batch (sed's {@code sedXXXXXX}, an editor's atomic-save temporary) or is not Rust
     * source or a manifest (a swap or backup file). A deleted {@code .rs} file or manifest that
     * existed before the batch stays, because deleting it changes the build.
     */
    private boolean isTransient(Path file) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return createdInBatch.contains(file) || ChangeKind.of(file) == ChangeKind.OTHER;
    }

    /**
     * Returns how many nanoseconds remain until the pending batch is due (0 if due now), or empty
     * when nothing is pending, so the caller can block until the next event.
     */
    public OptionalLong nanosUntilDue(long nowNanos) {
        if (pending.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, lastEventNanos + quietNanos - nowNanos));
    }
}

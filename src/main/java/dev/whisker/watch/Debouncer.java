package dev.whisker.watch;

import java.nio.file.Path;
import java.time.Duration;
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
 * <p>This class has no clock and no thread: every method takes the current time in nanoseconds (as
 * from {@link System#nanoTime()}), so tests drive it with synthetic times. It is not thread-safe;
 * the watcher thread owns it.
 */
public final class Debouncer {

    private final long quietNanos;
    private final Set<Path> pending = new TreeSet<>();
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
        pending.add(file);
        lastEventNanos = nowNanos;
    }

    /**
     * Returns the pending batch and clears it if the quiet window has passed since the last event,
     * else returns empty and keeps collecting.
     */
    public Optional<ChangeBatch> poll(long nowNanos) {
        if (pending.isEmpty() || nowNanos - lastEventNanos < quietNanos) {
            return Optional.empty();
        }
        ChangeBatch batch = ChangeBatch.of(pending);
        pending.clear();
        return Optional.of(batch);
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

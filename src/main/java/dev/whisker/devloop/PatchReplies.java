package dev.whisker.devloop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts the {@code applied} replies to each sent patch and reports the patch in one
 * {@link Event.PatchApplied} line once every client that received it replied, or once the reply wait
 * ended. The loop is not blocked meanwhile: replies arrive on Jetty's threads and the wait ends on a
 * timer thread. A client that replied {@code ok:false} is reported at once with its error.
 *
 * <p>The reply is an optional extension of the protocol, so a client that never replies only makes
 * the line come after the wait, with fewer clients counted as having applied the patch.
 */
final class PatchReplies implements AutoCloseable {

    /** How long a patch waits for replies; applying takes milliseconds, writing a large frame longer. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private static final int REPORTED_STEPS = 2;

    private final Consumer<Event> events;
    private final Duration wait;
    private final LongSupplier nanoClock;
    private final Consumer<String> rejected;
    private final boolean autoRestart;
    private final ScheduledExecutorService timer;
    private final Map<Long, Pending> pending = new HashMap<>();

    /**
     * @param rejected receives a reason when a client rejected a patch and {@code autoRestart} is on,
     *     so the loop can rebuild and restart
     */
    PatchReplies(Consumer<Event> events, Duration wait, boolean autoRestart, Consumer<String> rejected) {
        this(events, wait, autoRestart, rejected, System::nanoTime);
    }

    PatchReplies(Consumer<Event> events, Duration wait, boolean autoRestart, Consumer<String> rejected,
            LongSupplier nanoClock) {
        this.events = events;
        this.wait = wait;
        this.autoRestart = autoRestart;
        this.rejected = rejected;
        this.nanoClock = nanoClock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "whisker-patch-replies");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A patch that was queued to clients.
     *
     * @param bytes size of the largest library sent
     * @param clients number of clients it was queued to
     * @param startNanos {@link System#nanoTime()} when the patch build started
     * @param sentNanos {@link System#nanoTime()} when the last frame was queued
     * @param steps build time per step, in pipeline order
     * @param crates the crates compiled into the patch, dependencies first
     */
    record Sent(long patchId, long bytes, int clients, long startNanos, long sentNanos, Map<String, Duration> steps,
            List<String> crates) {
    }

    /**
     * Starts counting replies to {@code patchId}; call it before the first frame is queued, because a
     * client may apply the patch and reply before the sender learns how many clients it reached.
     */
    synchronized void sending(long patchId) {
        pending.put(patchId, new Pending());
    }

    /**
     * Sets how many clients {@code sent} reached and starts the reply wait. Rejections that arrived
     * while the frames were queued are reported now, after the sender's own events for the patch. When
     * every reply already arrived, or no client was reached, the patch is reported at once.
     */
    synchronized void expect(Sent sent) {
        Pending waiting = pending.computeIfAbsent(sent.patchId(), id -> new Pending());
        waiting.sent = sent;
        waiting.earlyRejections.forEach(events);
        waiting.earlyRejections.clear();
        if (waiting.replies >= sent.clients()) {
            pending.remove(sent.patchId());
            report(waiting);
            return;
        }
        timer.schedule(() -> waitEnded(sent.patchId()), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Counts one client's {@code applied} reply; called on Jetty's threads. A rejection is reported at
     * once, unless it came while the frames of its patch were still being queued: then {@link #expect}
     * reports it, so the log keeps the order queued, rejected, summary whichever thread is faster.
     */
    synchronized void applied(long clientId, long patchId, boolean ok, String error) {
        Pending waiting = pending.get(patchId);
        if (!ok) {
            Event.PatchRejected rejection = new Event.PatchRejected(Long.toString(clientId), patchId, error,
                    autoRestart);
            if (waiting != null && waiting.sent == null) {
                waiting.earlyRejections.add(rejection);
            } else {
                events.accept(rejection);
            }
            if (autoRestart) {
                rejected.accept("client " + clientId + " could not apply patch " + patchId);
            }
        }
        if (waiting == null) {
            events.accept(new Event.Detail("Reply from client " + clientId + " to patch " + patchId
                    + " came after the reply wait of " + wait.toSeconds() + " s"));
            return;
        }
        waiting.replies++;
        if (ok) {
            waiting.applied++;
            waiting.lastAppliedNanos = nanoClock.getAsLong();
        }
        if (waiting.sent != null && waiting.replies >= waiting.sent.clients()) {
            pending.remove(patchId);
            report(waiting);
            notifyAll();
        }
    }

    private synchronized void waitEnded(long patchId) {
        Pending waiting = pending.remove(patchId);
        if (waiting != null) {
            report(waiting);
        }
    }

    private void report(Pending waiting) {
        Sent sent = waiting.sent;
        // A reply can arrive before the last frame of a multi-slide patch is queued; never count backwards.
        long end = waiting.applied > 0 ? Math.max(waiting.lastAppliedNanos, sent.sentNanos()) : sent.sentNanos();
        Map<String, Duration> parts = new LinkedHashMap<>(sent.steps());
        if (waiting.applied > 0) {
            parts.put("send and apply", Duration.ofNanos(end - sent.sentNanos()));
        }
        events.accept(new Event.PatchApplied(sent.patchId(), sent.bytes(), waiting.applied, sent.clients(),
                Duration.ofNanos(end - sent.startNanos()), largest(parts), sent.crates()));
    }

    /** Returns the {@value #REPORTED_STEPS} largest parts, largest first. */
    static List<Event.TimedStep> largest(Map<String, Duration> parts) {
        List<Event.TimedStep> steps = new ArrayList<>();
        parts.forEach((name, duration) -> steps.add(new Event.TimedStep(name, duration)));
        steps.sort(Comparator.comparing(Event.TimedStep::duration).reversed());
        return List.copyOf(steps.subList(0, Math.min(REPORTED_STEPS, steps.size())));
    }

    /**
     * Waits up to {@code limit} for the replies to patches that are still waiting, then reports each
     * of them with the replies counted so far. The session calls it before it stops the app, so the
     * summary of the last patch is not lost when the loop ends right after it.
     */
    synchronized void finishPending(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        for (Pending waiting : List.copyOf(pending.values())) {
            if (waiting.sent != null) {
                report(waiting);
            }
        }
        pending.clear();
    }

    /** Stops the timer; patches still waiting are not reported unless {@link #finishPending} ran. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Replies counted so far for one patch; guarded by the tracker's lock. */
    private static final class Pending {
        /** Set by {@link #expect}; {@code null} while the frames are still being queued. */
        Sent sent;
        /** Rejections received while {@link #sent} was {@code null}, reported by {@link #expect}. */
        final List<Event.PatchRejected> earlyRejections = new ArrayList<>();
        int replies;
        int applied;
        long lastAppliedNanos;
    }
}

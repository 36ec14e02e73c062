package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counts replies with a settable clock, so the reported times are exact without sleeping. */
class PatchRepliesTest {

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private PatchReplies replies;

    @AfterEach
    void close() {
        replies.close();
    }

    private PatchReplies replies(Duration wait, boolean autoRestart) {
        replies = new PatchReplies(events::add, wait, autoRestart, restarts::add, clock::get);
        return replies;
    }

    private static Map<String, Duration> steps() {
        Map<String, Duration> steps = new LinkedHashMap<>();
        steps.put("rustc", Duration.ofMillis(200));
        steps.put("edits", Duration.ofMillis(20));
        steps.put("link", Duration.ofMillis(60));
        return steps;
    }

    private static long millis(long value) {
        return TimeUnit.MILLISECONDS.toNanos(value);
    }

    @Test
    void lineNamesPatchedCrates() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.expect(new PatchReplies.Sent(3, 25 * 1024, 1, 0, millis(100), steps(),
                List.of("a-core", "b-mid", "app")));

        clock.set(millis(175));
        tracker.applied(1, 3, true, null);

        Event.PatchApplied line = assertInstanceOf(Event.PatchApplied.class, events.poll());
        assertEquals(List.of("a-core", "b-mid", "app"), line.crates());
        assertTrue(line.message().startsWith("Patch 3 (a-core, b-mid, app): 25 KiB, applied by 1 of 1 client, 175 ms"),
                line.message());
    }

    @Test
    void allRepliesGiveOneLine() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.expect(new PatchReplies.Sent(7, 600 * 1024, 2, 0, millis(300), steps(), List.of()));

        clock.set(millis(310));
        tracker.applied(1, 7, true, null);
        assertTrue(events.isEmpty(), "one reply of two is not the end");
        clock.set(millis(400));
        tracker.applied(2, 7, true, null);

        Event.PatchApplied line = assertInstanceOf(Event.PatchApplied.class, events.poll());
        assertEquals(2, line.applied());
        assertEquals(Duration.ofMillis(400), line.total());
        assertEquals(List.of(new Event.TimedStep("rustc", Duration.ofMillis(200)),
                new Event.TimedStep("send and apply", Duration.ofMillis(100))), line.largestSteps());
        assertEquals("Patch 7: 600 KiB, applied by 2 of 2 clients, 400 ms (rustc 200 ms, send and apply 100 ms)",
                line.message());
        assertTrue(events.isEmpty());
    }

    @Test
    void waitEndsWithoutReplies() throws Exception {
        PatchReplies tracker = replies(Duration.ofMillis(50), false);
        tracker.expect(new PatchReplies.Sent(3, 2 * 1024 * 1024, 1, 0, millis(280), steps(), List.of()));

        Event event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the wait never ended");
        Event.PatchApplied line = assertInstanceOf(Event.PatchApplied.class, event);
        assertEquals(0, line.applied());
        assertEquals(Duration.ofMillis(280), line.total(), "without a reply the time ends at the send");
        assertTrue(line.message().startsWith("Patch 3: 2.0 MiB, applied by 0 of 1 client, 280 ms (rustc 200 ms, link 60 ms)"),
                line.message());

        tracker.applied(1, 3, true, null);
        assertInstanceOf(Event.Detail.class, events.poll(), "a late reply is only detail");
    }

    @Test
    void rejectionPromptsForFullReload() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.expect(new PatchReplies.Sent(4, 1024, 1, 0, millis(100), steps(), List.of()));

        tracker.applied(9, 4, false, "dlopen failed: undefined symbol foo");

        Event.PatchRejected rejected = assertInstanceOf(Event.PatchRejected.class, events.poll());
        assertTrue(rejected.message().contains("dlopen failed: undefined symbol foo"), rejected.message());
        assertTrue(rejected.message().contains("Press R + Enter"), rejected.message());
        assertEquals(0, assertInstanceOf(Event.PatchApplied.class, events.poll()).applied());
        assertTrue(restarts.isEmpty());
    }

    @Test
    void rejectionWithAutoRestartRequestsReload() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), true);
        tracker.expect(new PatchReplies.Sent(5, 1024, 1, 0, millis(100), steps(), List.of()));

        tracker.applied(2, 5, false, "dlopen failed");

        assertFalse(events.poll().message().contains("Press R"));
        assertEquals(List.of("client 2 could not apply patch 5"), restarts);
    }

    @Test
    void noClientReportsAtOnce() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);

        tracker.expect(new PatchReplies.Sent(6, 1024, 0, 0, millis(100), steps(), List.of()));

        assertEquals(0, assertInstanceOf(Event.PatchApplied.class, events.poll()).clients());
    }

    @Test
    void replyBeforeExpectIsCounted() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.sending(8);
        clock.set(millis(90));
        tracker.applied(1, 8, true, null);
        assertTrue(events.isEmpty(), "the count of clients is not known yet");

        tracker.expect(new PatchReplies.Sent(8, 1024, 1, 0, millis(100), steps(), List.of()));

        Event.PatchApplied line = assertInstanceOf(Event.PatchApplied.class, events.poll());
        assertEquals(1, line.applied());
        assertEquals(Duration.ofMillis(100), line.total());
    }

    @Test
    void rejectionBeforeExpectWaitsForIt() {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.sending(11);
        tracker.applied(1, 11, false, "dlopen failed");
        assertTrue(events.isEmpty(), "the sender has not finished queuing patch 11");

        tracker.expect(new PatchReplies.Sent(11, 1024, 1, 0, millis(100), steps(), List.of()));

        assertInstanceOf(Event.PatchRejected.class, events.poll());
        assertEquals(0, assertInstanceOf(Event.PatchApplied.class, events.poll()).applied());
        assertTrue(events.isEmpty());
    }

    @Test
    void finishPendingReportsWhatArrived() throws Exception {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.expect(new PatchReplies.Sent(9, 1024, 2, 0, millis(100), steps(), List.of()));
        tracker.applied(1, 9, true, null);

        tracker.finishPending(Duration.ofMillis(50));

        Event.PatchApplied line = assertInstanceOf(Event.PatchApplied.class, events.poll());
        assertEquals(1, line.applied());
        assertEquals(2, line.clients());
        assertTrue(events.isEmpty());
    }

    @Test
    void lateReplyReportedOnce() throws Exception {
        PatchReplies tracker = replies(Duration.ofSeconds(30), false);
        tracker.expect(new PatchReplies.Sent(10, 1024, 1, 0, millis(100), steps(), List.of()));
        Thread replier = new Thread(() -> tracker.applied(1, 10, true, null));
        replier.start();

        tracker.finishPending(Duration.ofSeconds(20));
        replier.join(TimeUnit.SECONDS.toMillis(10));

        assertEquals(1, assertInstanceOf(Event.PatchApplied.class, events.poll()).applied());
        assertTrue(events.isEmpty(), "the patch is reported once");
    }
}

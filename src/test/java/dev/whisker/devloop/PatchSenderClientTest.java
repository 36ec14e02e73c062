package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.server.PatchFrame;
import dev.whisker.server.ServerConfig;
import dev.whisker.server.ServerEvent;
import dev.whisker.server.WhiskerServer;
import dev.whisker.server.WireCodec;
import dev.whisker.watch.ChangeBatch;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends a patch through a real endpoint on a free loopback port to two WebSocket clients with
 * different slides, which reply {@code applied} the way the Rust client does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PatchSenderClientTest {

    private static final long WAIT_SECONDS = 10;
    private static final long STATIC_ANCHOR = 0x4a490L;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final PatchReplies replies = new PatchReplies(events::add, Duration.ofSeconds(30), false, reason -> {
    });
    private final WhiskerServer server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()), event -> {
        if (event instanceof ServerEvent.PatchApplied applied) {
            replies.applied(applied.clientId(), applied.patchId(), applied.ok(), applied.error());
        }
    });
    private final WebSocketClient jetty = new WebSocketClient();

    @AfterEach
    void close() throws Exception {
        jetty.stop();
        replies.close();
        server.close();
    }

    /** Decodes each patch frame, keeps it, and replies {@code applied} with {@code ok}. */
    public static final class ReplyingClient implements Session.Listener.AutoDemanding {
        final BlockingQueue<PatchFrame> frames = new LinkedBlockingQueue<>();
        final boolean ok;
        volatile Session session;

        ReplyingClient(boolean ok) {
            this.ok = ok;
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            PatchFrame frame = WireCodec.decodePatch(bytes);
            frames.add(frame);
            callback.succeed();
            session.sendText("{\"kind\":\"applied\",\"id\":" + frame.id() + ",\"ok\":" + ok + ",\"error\":"
                    + (ok ? "null" : "\"dlopen failed\"") + "}", Callback.NOOP);
        }
    }

    private ReplyingClient connect(long aslrReference, boolean ok) throws Exception {
        ReplyingClient client = new ReplyingClient(ok);
        URI uri = URI.create("ws://127.0.0.1:" + server.boundAddress().getPort() + WhiskerServer.PATH);
        jetty.connect(client, uri).get(WAIT_SECONDS, TimeUnit.SECONDS);
        client.session.sendText("{\"kind\":\"hello\",\"aslr_reference\":" + aslrReference + ",\"token\":null}",
                Callback.NOOP);
        return client;
    }

    private void awaitHellos(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (server.authenticatedAslrReferences().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, server.authenticatedAslrReferences().size(), "hellos accepted");
    }

    /** Returns a patcher that links one fake library per slide, tagged with the slide in its first byte. */
    private static Patcher fakePatcher() {
        return (batch, slides) -> {
            List<Patcher.Library> libraries = new ArrayList<>();
            for (long slide : slides) {
                byte[] bytes = new byte[100];
                bytes[0] = (byte) slide;
                libraries.add(new Patcher.Library(slide, "lib-" + slide + ".so", List.of(new long[] {0x1000, 0x2000}),
                        STATIC_ANCHOR, 0x3000, bytes));
            }
            Map<String, Duration> steps = new LinkedHashMap<>();
            steps.put("rustc", Duration.ofMillis(5));
            steps.put("link", Duration.ofMillis(3));
            return new Patcher.Patched(libraries, List.of(), steps);
        };
    }

    private Event nextEvent() throws InterruptedException {
        Event event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(event, "no event within " + WAIT_SECONDS + " s");
        return event;
    }

    @Test
    void slidesGetOwnLibraries() throws Exception {
        jetty.start();
        ReplyingClient first = connect(0x55550000L, true);
        ReplyingClient second = connect(0x56660000L, true);
        awaitHellos(2);
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> fakePatcher()), () -> server,
                events::add, replies);
        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        CycleRunner.PatchOutcome outcome = sender.patch(1, ChangeBatch.of(Set.of(Path.of("/c/src/main.rs"))));

        assertEquals(CycleRunner.PatchOutcome.APPLIED, outcome);
        PatchFrame toFirst = first.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        PatchFrame toSecond = second.frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(toFirst);
        assertNotNull(toSecond);
        assertEquals((byte) 0x55550000L, toFirst.library()[0]);
        assertEquals((byte) 0x56660000L, toSecond.library()[0]);
        assertEquals(STATIC_ANCHOR, toFirst.aslrReference(), "the frame carries the anchor's static address");
        assertEquals(toFirst.id(), toSecond.id(), "one patch id per build");
        assertArrayEquals(new long[] {0x1000, 0x2000}, toFirst.map().get(0));

        Event.PatchApplied line = null;
        while (line == null) {
            Event event = nextEvent();
            if (event instanceof Event.PatchApplied applied) {
                line = applied;
            }
        }
        assertEquals(2, line.applied());
        assertEquals(2, line.clients());
        assertTrue(line.message().startsWith("Patch " + toFirst.id() + ": 1 KiB, applied by 2 of 2 clients"),
                line.message());
    }

    @Test
    void packageFileSendsNothing() throws Exception {
        jetty.start();
        ReplyingClient client = connect(0x55550000L, true);
        awaitHellos(1);
        ChangeClassifier classifier = new ChangeClassifier();
        classifier.crateLayout(List.of(Path.of("/c/src")), List.of(Path.of("/c")));
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> fakePatcher()), () -> server,
                events::add, replies, classifier);
        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        CycleRunner.PatchOutcome outcome = sender.patch(1, ChangeBatch.of(Set.of(Path.of("/c/src/data.json"))));

        assertEquals(CycleRunner.PatchOutcome.NOT_APPLIED, outcome);
        Event.Notice notice = assertInstanceOf(Event.Notice.class, nextEvent());
        assertTrue(notice.message().contains("/c/src/data.json"), notice.message());
        assertTrue(events.isEmpty(), events.toString());
        assertTrue(client.frames.isEmpty(), "no patch frame was queued");
    }

    @Test
    void rejectedPatchReachesUser() throws Exception {
        jetty.start();
        connect(0x55550000L, false);
        awaitHellos(1);
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> fakePatcher()), () -> server,
                events::add, replies);
        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        sender.patch(1, ChangeBatch.of(Set.of(Path.of("/c/src/main.rs"))));

        Event event = nextEvent();
        while (event instanceof Event.Detail) {
            event = nextEvent();
        }
        Event.PatchRejected rejected = assertInstanceOf(Event.PatchRejected.class, event);
        assertTrue(rejected.message().contains("dlopen failed"), rejected.message());
        assertTrue(rejected.message().contains("Press R + Enter"), rejected.message());
        assertEquals(0, assertInstanceOf(Event.PatchApplied.class, nextEvent()).applied());
    }
}

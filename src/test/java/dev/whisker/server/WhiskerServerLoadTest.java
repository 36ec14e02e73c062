package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many clients, large frames and a client that stops reading. The default run is reduced in size; the full size
 * (100 clients, 100 frames of 1 MiB each) runs with {@code -Pheavy}.
 */
class WhiskerServerLoadTest {

    private static final long ASLR = 0x5555_0000_0000L;
    private static final int MIB = 1 << 20;
    /** Frames sent ahead of the slowest client; keeps each queue well under the default 64 MiB bound. */
    private static final int WINDOW = 16;
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final EventRecorder events = new EventRecorder();
    private WebSocketClient jetty;
    private WhiskerServer server;

    @BeforeEach
    void startClient() throws Exception {
        jetty = TestClient.startJettyClient();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (server != null) {
            server.close();
        }
        jetty.stop();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    private CountingClient connectCounting(int libraryBytes) throws Exception {
        CountingClient client = new CountingClient(libraryBytes);
        jetty.connect(client, TestClient.uri(server.boundAddress(), WhiskerServer.PATH))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        client.session().sendText("{\"kind\":\"hello\",\"aslr_reference\":" + ASLR + ",\"token\":null}",
                Callback.NOOP);
        return client;
    }

    private static PatchFrame patch(int id, int libraryBytes) {
        return new PatchFrame(id, "patch-" + id + ".so", List.of(new long[] {0x1000, 0x2000}), ASLR, 0,
                new byte[libraryBytes]);
    }

    private void runLoad(int clientCount, int frames) throws Exception {
        long fdsBeforeServer = openFileDescriptors();
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()), events);
        long fdsBefore = openFileDescriptors();
        List<CountingClient> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(connectCounting(MIB));
        }
        awaitTrue(clientCount + " hellos", () -> events.ofType(ServerEvent.HelloAccepted.class).size() == clientCount);

        for (int id = 0; id < frames; id++) {
            assertEquals(clientCount, server.sendPatch(ASLR, patch(id, MIB)), "clients queued for frame " + id);
            int mustHave = id - WINDOW + 1;
            awaitTrue("every client receiving frame " + mustHave,
                    () -> clients.stream().allMatch(client -> client.received.get() >= mustHave));
        }
        awaitTrue("every client receiving all " + frames + " frames",
                () -> clients.stream().allMatch(client -> client.received.get() == frames));

        for (CountingClient client : clients) {
            assertNull(client.firstError.get());
        }
        assertTrue(events.ofType(ServerEvent.SlowClientDropped.class).isEmpty());
        clients.forEach(client -> client.session().close());
        awaitTrue("all disconnects", () -> server.clients().isEmpty());
        awaitTrue("file descriptors back to " + fdsBefore, () -> openFileDescriptors() <= fdsBefore);

        assertTrue(serverThreads() > 0, "the pool's threads are named whisker-server-<n>");
        server.close();
        awaitTrue("server threads ending", () -> serverThreads() == 0);
        awaitTrue("file descriptors back to " + fdsBeforeServer, () -> openFileDescriptors() <= fdsBeforeServer);
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("whisker-server"))
                .count();
    }

    @Test
    void tenClientsReceiveTwentyFramesInOrder() throws Exception {
        runLoad(10, 20);
    }

    @Test
    @Tag("heavy")
    void hundredClientsReceiveHundredFramesInOrder() throws Exception {
        runLoad(100, 100);
    }

    @Test
    void slowClientIsDroppedWithoutDelayingOthers() throws Exception {
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()).withMaxQueuedBytes(4L * MIB),
                events);
        CountingClient fast = connectCounting(MIB);
        NonReadingClient slow = new NonReadingClient();
        jetty.connect(slow, TestClient.uri(server.boundAddress(), WhiskerServer.PATH));
        Session slowSession = slow.opened.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        slowSession.sendText("{\"kind\":\"hello\",\"aslr_reference\":" + ASLR + ",\"token\":null}", Callback.NOOP);
        awaitTrue("two hellos", () -> events.ofType(ServerEvent.HelloAccepted.class).size() == 2);

        int sent = 0;
        // Kernel socket buffers absorb some MiB before the server's queue grows; 256 MiB is far beyond them.
        while (events.ofType(ServerEvent.SlowClientDropped.class).isEmpty() && sent < 256) {
            server.sendPatch(ASLR, patch(sent, MIB));
            sent++;
            int mustHave = sent;
            awaitTrue("fast client receiving frame " + (sent - 1), () -> fast.received.get() >= mustHave);
        }

        ServerEvent.SlowClientDropped dropped = events.await(ServerEvent.SlowClientDropped.class);
        assertTrue(dropped.queuedBytes() <= 4L * MIB, "queued " + dropped.queuedBytes());
        events.await(ServerEvent.Disconnected.class, event -> event.clientId() == dropped.clientId());
        assertNull(fast.firstError.get());
        assertEquals(1, server.sendPatch(ASLR, patch(sent, MIB)));
        int total = sent + 1;
        awaitTrue("fast client receiving the frame after the drop", () -> fast.received.get() == total);
    }

    private static long openFileDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + fds, e);
        }
    }
}

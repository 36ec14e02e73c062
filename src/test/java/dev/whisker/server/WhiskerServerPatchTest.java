package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhiskerServerPatchTest {

    private final EventRecorder events = new EventRecorder();
    private WebSocketClient jetty;
    private WhiskerServer server;

    @BeforeEach
    void startAll() throws Exception {
        jetty = TestClient.startJettyClient();
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()), events);
    }

    @AfterEach
    void stopAll() throws Exception {
        server.close();
        jetty.stop();
    }

    private TestClient helloClient(long aslrReference) throws Exception {
        TestClient client = TestClient.connect(jetty, server);
        int before = events.ofType(ServerEvent.HelloAccepted.class).size();
        client.hello(aslrReference, null);
        events.await(ServerEvent.HelloAccepted.class,
                event -> events.ofType(ServerEvent.HelloAccepted.class).size() > before);
        return client;
    }

    private static PatchFrame patch(long id, long aslrReference, byte[] library) {
        return new PatchFrame(id, "patch-" + id + ".so",
                List.of(new long[] {0x1000, 0x2000}, new long[] {-1L, Long.MIN_VALUE}), aslrReference, 0x10000,
                library);
    }

    @Test
    void patchGoesOnlyToMatchingAslr() throws Exception {
        TestClient first = helloClient(0xAAAA_0000L);
        TestClient second = helloClient(0xBBBB_0000L);
        TestClient anonymous = TestClient.connect(jetty, server);

        int toFirst = server.sendPatch(0xAAAA_0000L, patch(1, 0xAAAA_0000L, new byte[] {1}));
        int toSecond = server.sendPatch(0xBBBB_0000L, patch(2, 0xBBBB_0000L, new byte[] {2}));
        int toNobody = server.sendPatch(0xCCCC_0000L, patch(3, 0xCCCC_0000L, new byte[] {3}));

        assertEquals(1, toFirst);
        assertEquals(1, toSecond);
        assertEquals(0, toNobody);
        assertEquals(1L, first.nextPatch().id());
        assertEquals(2L, second.nextPatch().id());
        // Each client got its own frame first, so a wrongly routed one would have arrived ahead of it.
        assertTrue(first.binaries.isEmpty());
        assertTrue(second.binaries.isEmpty());
        assertTrue(anonymous.binaries.isEmpty());
    }

    @Test
    void sameAslrClientsAllReceive() throws Exception {
        TestClient first = helloClient(0x5555_0000L);
        TestClient second = helloClient(0x5555_0000L);

        int queued = server.sendPatch(0x5555_0000L, patch(9, 0x5555_0000L, new byte[] {9}));

        assertEquals(2, queued);
        assertEquals(9L, first.nextPatch().id());
        assertEquals(9L, second.nextPatch().id());
    }

    @Test
    void framesArriveInOrder() throws Exception {
        TestClient client = helloClient(0x1234_0000L);
        int frames = 200;

        for (int id = 0; id < frames; id++) {
            server.sendPatch(0x1234_0000L, patch(id, 0x1234_0000L, new byte[4096 + id]));
        }

        for (int id = 0; id < frames; id++) {
            PatchFrame received = client.nextPatch();
            assertEquals(id, received.id());
            assertEquals(4096 + id, received.libraryLength());
        }
    }

    @Test
    void sixteenMebibyteFrameIsDelivered() throws Exception {
        TestClient client = helloClient(0x7777_0000L);
        byte[] library = new byte[20 << 20];
        new Random(42).nextBytes(library);

        assertEquals(1, server.sendPatch(0x7777_0000L, patch(5, 0x7777_0000L, library)));

        PatchFrame received = client.nextPatch();
        assertEquals(5L, received.id());
        assertArrayEquals(library, received.library());
    }

    @Test
    void disconnectedClientIsNotCounted() throws Exception {
        TestClient client = helloClient(0x4444_0000L);
        client.close();
        events.await(ServerEvent.Disconnected.class);

        assertEquals(0, server.sendPatch(0x4444_0000L, patch(1, 0x4444_0000L, new byte[1])));
    }
}

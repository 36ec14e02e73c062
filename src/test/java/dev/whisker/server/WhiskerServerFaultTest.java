package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that vanish the way a crashed or killed app does: the kernel closes its socket without a close frame, with
 * a FIN or, when unread data is left, a reset.
 */
class WhiskerServerFaultTest {

    private static final long ASLR = 0x5555_1234_0000L;
    private static final long OTHER_ASLR = 0x5555_9876_0000L;

    private final EventRecorder events = new EventRecorder();
    private WhiskerServer server;

    @BeforeEach
    void startServer() {
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()), events);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static PatchFrame patch(long id, long aslrReference) {
        return new PatchFrame(id, "patch-" + id + ".so", List.of(new long[] {0x1000, 0x2000}), aslrReference, 0,
                new byte[1024]);
    }

    private RawClient helloClient(long aslrReference) throws Exception {
        RawClient client = RawClient.connect(server);
        client.sendText("{\"kind\":\"hello\",\"aslr_reference\":" + aslrReference + ",\"token\":null}");
        events.await(ServerEvent.HelloAccepted.class, hello -> hello.aslrReference() == aslrReference);
        return client;
    }

    @Test
    void killedClientDropsItsSlideOnly() throws Exception {
        RawClient killed = helloClient(ASLR);
        RawClient survivor = helloClient(OTHER_ASLR);
        long killedId = events.await(ServerEvent.HelloAccepted.class, h -> h.aslrReference() == ASLR).clientId();

        killed.close();
        ServerEvent.Disconnected gone = events.await(ServerEvent.Disconnected.class, d -> d.clientId() == killedId);

        assertEquals(1006, gone.closeCode());
        assertEquals(1, gone.clientCount());
        assertEquals(Set.of(OTHER_ASLR), server.authenticatedAslrReferences());
        assertEquals(0, server.sendPatch(ASLR, patch(1, ASLR)));
        assertEquals(1, server.sendPatch(OTHER_ASLR, patch(2, OTHER_ASLR)));
        survivor.close();
    }

    /**
     * Jetty logs a connection error as a warning ({@code Unhandled Error: Endpoint ...}) unless the endpoint
     * overrides {@code onWebSocketError}. A {@link ServerEvent.ConnectionError} proves the override is bound, so the
     * error reaches the listener and not Jetty's log.
     */
    @Test
    void lostConnectionIsEventNotJettyWarning() throws Exception {
        RawClient client = helloClient(ASLR);

        client.close();
        ServerEvent.ConnectionError error = events.await(ServerEvent.ConnectionError.class);
        events.await(ServerEvent.Disconnected.class);

        assertTrue(error.reason().contains("ClosedChannelException"), error.reason());
    }

    @Test
    void resetClientDropsItsSlide() throws Exception {
        RawClient client = helloClient(ASLR);

        client.reset();
        ServerEvent.Disconnected gone = events.await(ServerEvent.Disconnected.class);

        assertEquals(1006, gone.closeCode());
        assertEquals(1, events.ofType(ServerEvent.ConnectionError.class).size());
        assertTrue(server.authenticatedAslrReferences().isEmpty(), "slides: " + server.authenticatedAslrReferences());
        assertEquals(0, server.sendPatch(ASLR, patch(1, ASLR)));
    }
}

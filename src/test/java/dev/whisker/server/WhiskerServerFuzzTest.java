package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated client messages sent over real connections: the server closes or ignores the sender as the
 * protocol requires, and keeps serving every other client. Reduced by default, full size with {@code -Pheavy}.
 */
class WhiskerServerFuzzTest {

    private static final long ASLR = 0x6000_0000L;
    private static final String TOKEN = "fuzz-token-0123456789";
    private static final String[] VALID_MESSAGES = {
        "{\"kind\":\"hello\",\"aslr_reference\":1,\"token\":\"" + TOKEN + "\"}",
        "{\"kind\":\"log\",\"stream\":\"stderr\",\"line\":\"x\",\"ts_micros\":\"5\"}",
        "{\"kind\":\"applied\",\"id\":1,\"ok\":true,\"error\":null}",
    };

    private final EventRecorder events = new EventRecorder();
    private WebSocketClient jetty;
    private WhiskerServer server;

    @BeforeEach
    void startAll() throws Exception {
        jetty = TestClient.startJettyClient();
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.of(TOKEN)), events);
    }

    @AfterEach
    void stopAll() throws Exception {
        server.close();
        jetty.stop();
    }

    private void fuzz(int cases) throws Exception {
        TestClient bystander = TestClient.connect(jetty, server);
        bystander.hello(ASLR, TOKEN);
        events.await(ServerEvent.HelloAccepted.class);
        Random random = new Random(7L);
        TestClient fuzzer = TestClient.connect(jetty, server);
        int reconnects = 0;
        int written = 0;

        for (int i = 0; i < cases; i++) {
            if (!fuzzer.isOpen() || fuzzer.closeCode.isDone()) {
                fuzzer = TestClient.connect(jetty, server);
                reconnects++;
            }
            String message = i % 5 == 0 ? WireCodecFuzzTest.randomText(random)
                    : WireCodecFuzzTest.mutate(VALID_MESSAGES[i % VALID_MESSAGES.length], random);
            try {
                fuzzer.send(message);
                written++;
            } catch (Exception closedMeanwhile) {
                // The server may close the fuzzer between the check above and this send; the next case reconnects.
            }
        }

        assertTrue(bystander.isOpen());
        assertEquals(1, server.sendPatch(ASLR, new PatchFrame(1, "p.so", List.of(), ASLR, 0, new byte[64])));
        assertEquals(1L, bystander.nextPatch().id());
        TestClient late = TestClient.connect(jetty, server);
        late.hello(ASLR + 1, TOKEN);
        events.await(ServerEvent.HelloAccepted.class, event -> event.aslrReference() == ASLR + 1);
        assertTrue(reconnects < cases, "reconnects " + reconnects);
        assertTrue(written > cases / 2, "written " + written + " of " + cases);
        assertTrue(events.ofType(ServerEvent.MalformedMessage.class).size() > 0);
    }

    @Test
    void thousandMessagesLeaveServerServing() throws Exception {
        fuzz(1_000);
    }

    @Test
    @Tag("heavy")
    void tenThousandMessagesLeaveServerServing() throws Exception {
        fuzz(10_000);
    }
}

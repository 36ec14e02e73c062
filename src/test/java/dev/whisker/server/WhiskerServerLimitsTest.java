package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhiskerServerLimitsTest {

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

    private void startServer(ServerConfig config) {
        server = WhiskerServer.start(config, events);
    }

    private static ServerConfig defaults() {
        return ServerConfig.of("127.0.0.1", 0, Optional.empty());
    }

    private TestClient connectWithOrigin(String origin) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.setHeader("Origin", origin);
        return TestClient.connect(jetty, TestClient.uri(server.boundAddress(), WhiskerServer.PATH), request);
    }

    @Test
    void foreignOriginGets403() {
        startServer(defaults());

        ExecutionException e = assertThrows(ExecutionException.class, () -> connectWithOrigin("http://evil.example"));

        UpgradeException upgrade = assertInstanceOf(UpgradeException.class, e.getCause());
        assertEquals(403, upgrade.getResponseStatusCode());
        ServerEvent.OriginRejected rejected = events.await(ServerEvent.OriginRejected.class);
        assertEquals("http://evil.example", rejected.origin());
        assertTrue(events.ofType(ServerEvent.ClientConnected.class).isEmpty());
    }

    @Test
    void allowedOriginConnects() throws Exception {
        startServer(defaults().withAllowedOrigins(List.of("http://localhost:3000")));

        TestClient client = connectWithOrigin("http://localhost:3000");

        assertTrue(client.isOpen());
        events.await(ServerEvent.ClientConnected.class);
    }

    @Test
    void compressionOfferIsDeclined() throws Exception {
        startServer(defaults());
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.addExtensions("permessage-deflate");
        TestClient client = TestClient.connect(jetty, TestClient.uri(server.boundAddress(), WhiskerServer.PATH),
                request);

        assertEquals(List.of(), client.negotiatedExtensions());
    }

    @Test
    void textOverLimitClosesWith1008() throws Exception {
        startServer(defaults());
        TestClient client = TestClient.connect(jetty, server);
        client.hello(0x1000, null);
        events.await(ServerEvent.HelloAccepted.class);

        client.send("x".repeat(ServerConfig.DEFAULT_MAX_TEXT_FRAME_BYTES + 1));

        assertEquals(StatusCode.POLICY_VIOLATION, client.awaitClose());
        ServerEvent.PolicyViolation violation = events.await(ServerEvent.PolicyViolation.class);
        assertTrue(violation.reason().contains("more than 1048576 bytes"), violation.reason());
    }

    @Test
    void multibyteTextOverLimitClosesWith1008() throws Exception {
        startServer(new ServerConfig("127.0.0.1", 0, Optional.empty(), List.of(), 3000));
        TestClient client = TestClient.connect(jetty, server);

        // 1001 characters of 3 bytes each: 3003 bytes, though only 1001 chars.
        client.send("\u20ac".repeat(1001));

        assertEquals(StatusCode.POLICY_VIOLATION, client.awaitClose());
    }

    @Test
    void textAtLimitIsParsed() throws Exception {
        startServer(defaults());
        TestClient client = TestClient.connect(jetty, server);
        String prefix = "{\"kind\":\"log\",\"pad\":\"";
        String text = prefix + "p".repeat(ServerConfig.DEFAULT_MAX_TEXT_FRAME_BYTES - prefix.length() - 2) + "\"}";

        client.send(text);

        ServerEvent.MalformedMessage malformed = events.await(ServerEvent.MalformedMessage.class);
        assertTrue(malformed.reason().contains("stream"), malformed.reason());
        assertTrue(client.isOpen());
    }

    @Test
    void binaryFrameClosesWith1008() throws Exception {
        startServer(defaults());
        TestClient client = TestClient.connect(jetty, server);
        client.hello(0x1000, null);
        events.await(ServerEvent.HelloAccepted.class);

        client.sendBinary(new byte[] {1, 2, 3});

        assertEquals(StatusCode.POLICY_VIOLATION, client.awaitClose());
        ServerEvent.PolicyViolation violation = events.await(ServerEvent.PolicyViolation.class);
        assertTrue(violation.reason().contains("binary"), violation.reason());
    }

    @Test
    void largeBinaryFrameClosesClient() throws Exception {
        startServer(defaults());
        TestClient client = TestClient.connect(jetty, server);

        // The server closes while the client is still writing, so the client's write may fail with a broken pipe
        // and it may see 1006 instead of the 1008 the server sent.
        client.startSendBinary(new byte[4 << 20]);

        client.awaitClose();
        ServerEvent.PolicyViolation violation = events.await(ServerEvent.PolicyViolation.class);
        assertTrue(violation.reason().contains("binary"), violation.reason());
        events.await(ServerEvent.Disconnected.class);
    }

    @Test
    void messageBeforeHelloClosesWith1008() throws Exception {
        startServer(defaults());
        TestClient client = TestClient.connect(jetty, server);

        client.send("{\"kind\":\"log\",\"stream\":\"stdout\",\"line\":\"early\",\"ts_micros\":\"1\"}");

        assertEquals(StatusCode.POLICY_VIOLATION, client.awaitClose());
        assertTrue(events.ofType(ServerEvent.LogReceived.class).isEmpty());
    }

    @Test
    void silentClientClosedAfterHelloTimeout() throws Exception {
        startServer(defaults().withHelloTimeout(Duration.ofMillis(300)));
        TestClient silent = TestClient.connect(jetty, server);

        assertEquals(StatusCode.POLICY_VIOLATION, silent.awaitClose());
        ServerEvent.PolicyViolation violation = events.await(ServerEvent.PolicyViolation.class);
        assertTrue(violation.reason().contains("no accepted hello within 300 ms"), violation.reason());
    }

    @Test
    void authenticatedClientOutlivesHelloTimeout() throws Exception {
        startServer(defaults().withHelloTimeout(Duration.ofMillis(300)));
        TestClient client = TestClient.connect(jetty, server);
        client.hello(0x1000, null);
        events.await(ServerEvent.HelloAccepted.class);
        TestClient silent = TestClient.connect(jetty, server);

        // The silent client's timeout fires after the authenticated client's would have.
        assertEquals(StatusCode.POLICY_VIOLATION, silent.awaitClose());

        assertTrue(client.isOpen());
        assertEquals(1, events.ofType(ServerEvent.PolicyViolation.class).size());
    }
}

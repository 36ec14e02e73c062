package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhiskerServerSessionTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

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

    private void startServer(Optional<String> token) {
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, token), events);
    }

    private static PatchFrame patch(long id, long aslrReference) {
        return new PatchFrame(id, "patch-" + id + ".so", List.of(new long[] {0x1000, 0x2000}), aslrReference,
                0x10000, new byte[] {(byte) id});
    }

    @Test
    void helloLogAndAppliedBecomeEvents() throws Exception {
        startServer(Optional.empty());
        TestClient client = TestClient.connect(jetty, server);
        ServerEvent.ClientConnected connected = events.await(ServerEvent.ClientConnected.class);

        client.hello(-2L, null);
        ServerEvent.HelloAccepted hello = events.await(ServerEvent.HelloAccepted.class);
        client.send("{\"kind\":\"log\",\"stream\":\"stdout\",\"line\":\"tick 1\",\"ts_micros\":\"1733300000000001\"}");
        ServerEvent.LogReceived log = events.await(ServerEvent.LogReceived.class);
        client.send("{\"kind\":\"applied\",\"id\":4,\"ok\":false,\"error\":\"dlopen failed\"}");
        ServerEvent.PatchApplied applied = events.await(ServerEvent.PatchApplied.class);

        assertEquals(1, connected.clientCount());
        assertEquals(new ServerEvent.HelloAccepted(connected.clientId(), -2L), hello);
        assertEquals(new ServerEvent.LogReceived(connected.clientId(), LogStream.STDOUT, "tick 1", 1733300000000001L),
                log);
        assertEquals(new ServerEvent.PatchApplied(connected.clientId(), 4, false, "dlopen failed"), applied);
    }

    @Test
    void clientsListsStateAndCountFollowsDisconnect() throws Exception {
        startServer(Optional.empty());
        TestClient first = TestClient.connect(jetty, server);
        TestClient second = TestClient.connect(jetty, server);
        first.hello(0x5000, null);
        ServerEvent.HelloAccepted hello = events.await(ServerEvent.HelloAccepted.class);
        events.await(ServerEvent.ClientConnected.class, event -> event.clientCount() == 2);

        List<ClientInfo> clients = server.clients();
        assertEquals(2, clients.size());
        ClientInfo authenticated = clients.get(0).id() == hello.clientId() ? clients.get(0) : clients.get(1);
        ClientInfo anonymous = clients.get(0).id() == hello.clientId() ? clients.get(1) : clients.get(0);
        assertTrue(authenticated.authenticated());
        assertEquals(OptionalLong.of(0x5000), authenticated.aslrReference());
        assertFalse(anonymous.authenticated());
        assertEquals(OptionalLong.empty(), anonymous.aslrReference());
        assertEquals(Set.of(0x5000L), server.authenticatedAslrReferences());
        assertTrue(authenticated.remote().getAddress().isLoopbackAddress());

        first.close();
        ServerEvent.Disconnected gone = events.await(ServerEvent.Disconnected.class);
        assertEquals(hello.clientId(), gone.clientId());
        assertEquals(1, gone.clientCount());
        assertEquals(StatusCode.NORMAL, gone.closeCode());
        assertEquals(Set.of(), server.authenticatedAslrReferences());
        second.close();
    }

    @Test
    void tokenAcceptedAndRejected() throws Exception {
        startServer(Optional.of(TOKEN));
        TestClient accepted = TestClient.connect(jetty, server);
        TestClient wrongToken = TestClient.connect(jetty, server);
        TestClient noToken = TestClient.connect(jetty, server);

        wrongToken.hello(0x8000, TOKEN.substring(1) + "0");
        noToken.hello(0x9000, null);
        accepted.hello(0x7000, TOKEN);
        assertEquals(StatusCode.POLICY_VIOLATION, wrongToken.awaitClose());
        assertEquals(StatusCode.POLICY_VIOLATION, noToken.awaitClose());
        events.await(ServerEvent.HelloAccepted.class);
        int queued = server.sendPatch(0x7000, patch(1, 0x7000));

        assertEquals(1, queued);
        assertEquals(Set.of(0x7000L), server.authenticatedAslrReferences());
        assertEquals(0, server.sendPatch(0x8000, patch(2, 0x8000)));
        assertEquals(patch(1, 0x7000), accepted.nextPatch());
        assertTrue(wrongToken.binaries.isEmpty());
        assertTrue(noToken.binaries.isEmpty());
        assertEquals(2, events.ofType(ServerEvent.AuthRejected.class).size());
        for (ServerEvent event : events.all()) {
            assertFalse(event.toString().contains(TOKEN.substring(1)), event.toString());
        }
    }

    @Test
    void helloWithoutServerTokenIsAccepted() throws Exception {
        startServer(Optional.empty());
        TestClient client = TestClient.connect(jetty, server);

        client.hello(0x7000, "anything");
        events.await(ServerEvent.HelloAccepted.class);

        assertEquals(1, server.sendPatch(0x7000, patch(1, 0x7000)));
        assertEquals(1L, client.nextPatch().id());
    }

    @Test
    void malformedJsonDoesNotDisturbOtherClient() throws Exception {
        startServer(Optional.empty());
        TestClient sender = TestClient.connect(jetty, server);
        TestClient bystander = TestClient.connect(jetty, server);
        sender.hello(0x9000, null);
        bystander.hello(0x9000, null);
        events.await(ServerEvent.HelloAccepted.class, event -> events.ofType(ServerEvent.HelloAccepted.class).size() == 2);

        sender.send("{\"kind\":\"log\",\"stream\":");
        sender.send("{\"kind\":\"reload\"}");
        ServerEvent.MalformedMessage malformed = events.await(ServerEvent.MalformedMessage.class,
                event -> event.reason().contains("reload"));
        int queued = server.sendPatch(0x9000, patch(2, 0x9000));

        assertEquals(2, queued);
        assertEquals(2L, bystander.nextPatch().id());
        assertEquals(2L, sender.nextPatch().id());
        assertTrue(sender.isOpen());
        assertEquals(2, events.ofType(ServerEvent.MalformedMessage.class).size());
        assertTrue(malformed.reason().contains("unknown kind"), malformed.reason());
    }

    @Test
    void malformedHelloEventOmitsToken() throws Exception {
        String token = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
        startServer(Optional.of(token));
        TestClient client = TestClient.connect(jetty, server);

        client.send("{\"kind\":\"hello\",\"aslr_reference\":1,\"token\":" + token + "}");
        ServerEvent.MalformedMessage malformed = events.await(ServerEvent.MalformedMessage.class);

        assertFalse(malformed.reason().contains(token.substring(0, 8)), malformed.reason());
        assertTrue(malformed.reason().startsWith("invalid JSON"), malformed.reason());
    }

    @Test
    void secondHelloIsIgnored() throws Exception {
        startServer(Optional.empty());
        TestClient client = TestClient.connect(jetty, server);
        client.hello(0x1000, null);
        events.await(ServerEvent.HelloAccepted.class);

        client.hello(0x2000, null);
        events.await(ServerEvent.MalformedMessage.class);

        assertEquals(Set.of(0x1000L), server.authenticatedAslrReferences());
        assertEquals(1, events.ofType(ServerEvent.HelloAccepted.class).size());
    }

    @Test
    void listenerExceptionDoesNotCloseClient() throws Exception {
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()), event -> {
            events.onEvent(event);
            throw new IllegalStateException("listener bug");
        });
        TestClient client = TestClient.connect(jetty, server);

        client.hello(0x1000, null);
        events.await(ServerEvent.HelloAccepted.class);

        assertEquals(1, server.sendPatch(0x1000, patch(3, 0x1000)));
        assertEquals(3L, client.nextPatch().id());
        assertNull(client.closeCode.getNow(null));
    }
}

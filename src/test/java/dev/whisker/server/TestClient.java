package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A Jetty WebSocket client endpoint that records what the server sends. Every wait is bounded by {@link #WAIT}. */
public final class TestClient implements Session.Listener.AutoDemanding {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final long MAX_MESSAGE_BYTES = 64L << 20;

    final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile Session session;

    /** Starts a Jetty client that accepts binary messages of up to 64 MiB. */
    static WebSocketClient startJettyClient() throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        client.setMaxFrameSize(MAX_MESSAGE_BYTES);
        client.setIdleTimeout(Duration.ofSeconds(60));
        client.start();
        return client;
    }

    static URI uri(InetSocketAddress address, String path) {
        return URI.create("ws://" + address.getHostString() + ":" + address.getPort() + path);
    }

    static TestClient connect(WebSocketClient jetty, WhiskerServer server) throws Exception {
        return connect(jetty, uri(server.boundAddress(), WhiskerServer.PATH), new ClientUpgradeRequest());
    }

    static TestClient connect(WebSocketClient jetty, URI uri, ClientUpgradeRequest request) throws Exception {
        TestClient client = new TestClient();
        jetty.connect(client, uri, request).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(client.session, "session opened");
        return client;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        binaries.add(bytes);
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeCode.complete(statusCode);
    }

    /** Sends a text message and waits until it is written. */
    void send(String text) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sendBinary(byte[] bytes) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sending a binary message without waiting for the result. */
    void startSendBinary(byte[] bytes) {
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    void hello(long aslrReference, String token) throws Exception {
        String tokenJson = token == null ? "null" : "\"" + token + "\"";
        send("{\"kind\":\"hello\",\"aslr_reference\":" + Long.toUnsignedString(aslrReference)
                + ",\"token\":" + tokenJson + "}");
    }

    /** Waits for the next binary message and decodes it as a patch frame. */
    PatchFrame nextPatch() throws InterruptedException {
        byte[] bytes = binaries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (bytes == null) {
            return fail("no binary message within " + WAIT);
        }
        return WireCodec.decodePatch(bytes);
    }

    int awaitClose() throws InterruptedException, ExecutionException {
        try {
            return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("the server did not close the session within " + WAIT);
        }
    }

    List<String> negotiatedExtensions() {
        return session.getUpgradeResponse().getExtensions().stream().map(ExtensionConfig::getName).toList();
    }

    boolean isOpen() {
        return session.isOpen();
    }

    void close() {
        session.close();
    }
}

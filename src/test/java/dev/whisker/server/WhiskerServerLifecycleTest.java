package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

class WhiskerServerLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventRecorder events = new EventRecorder();

    private static ServerConfig onPort(int port) {
        return ServerConfig.of("127.0.0.1", port, Optional.empty());
    }

    @Test
    void portInUseNamesAddressAndProperty() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = holder.getLocalPort();

            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> WhiskerServer.start(onPort(port), events));

            assertEquals("127.0.0.1:" + port, e.address());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertTrue(e.getMessage().contains("whisker.bind"), e.getMessage());
            assertTrue(e.getMessage().contains("<bind>"), e.getMessage());
        }
    }

    @Test
    void secondServerOnSamePortFails() {
        try (WhiskerServer first = WhiskerServer.start(onPort(0), events)) {
            int port = first.boundAddress().getPort();

            assertThrows(PortInUseException.class, () -> WhiskerServer.start(onPort(port), events));
        }
    }

    @Test
    void closeReleasesPort() throws Exception {
        WhiskerServer first = WhiskerServer.start(onPort(0), events);
        int port = first.boundAddress().getPort();
        WebSocketClient jetty = TestClient.startJettyClient();
        try {
            TestClient client = TestClient.connect(jetty, first);
            client.hello(0x1000, null);
            events.await(ServerEvent.HelloAccepted.class);

            first.close();
            first.close();

            assertEquals(1001, client.awaitClose());
            try (WhiskerServer second = WhiskerServer.start(onPort(port), events)) {
                assertEquals(port, second.boundAddress().getPort());
            }
        } finally {
            jetty.stop();
        }
    }

    @Test
    void unresolvableHostIsReported() {
        ServerConfig config = ServerConfig.of("no-such-host.invalid", 0, Optional.empty());

        WhiskerServerException e = assertThrows(WhiskerServerException.class,
                () -> WhiskerServer.start(config, events));

        assertTrue(e.getMessage().contains("no-such-host.invalid:0"), e.getMessage());
        assertTrue(e.getMessage().contains("whisker.bind"), e.getMessage());
    }

    @Test
    void otherPathsAnswer404() throws Exception {
        try (WhiskerServer server = WhiskerServer.start(onPort(0), events)) {
            InetSocketAddress address = server.boundAddress();
            HttpClient http = HttpClient.newHttpClient();
            URI root = URI.create("http://127.0.0.1:" + address.getPort() + "/");
            URI plainGet = URI.create("http://127.0.0.1:" + address.getPort() + WhiskerServer.PATH);

            HttpResponse<String> rootResponse = http.send(HttpRequest.newBuilder(root).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plainResponse = http.send(HttpRequest.newBuilder(plainGet).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(404, rootResponse.statusCode());
            assertEquals(404, plainResponse.statusCode());
            WebSocketClient jetty = TestClient.startJettyClient();
            try {
                URI other = TestClient.uri(address, "/other");
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> TestClient.connect(jetty, other, new ClientUpgradeRequest()));
                assertEquals(404, assertInstanceOf(UpgradeException.class, e.getCause()).getResponseStatusCode());
            } finally {
                jetty.stop();
            }
        }
    }

    @Test
    void javaHttpClientRoundTrip() throws Exception {
        try (WhiskerServer server = WhiskerServer.start(onPort(0), events)) {
            CompletableFuture<ByteBuffer> received = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(TestClient.uri(server.boundAddress(), WhiskerServer.PATH), new CollectBinary(received))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            socket.sendText("{\"kind\":\"hello\",\"aslr_reference\":18446744073709551615,\"token\":null}", true)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            events.await(ServerEvent.HelloAccepted.class);
            PatchFrame frame = new PatchFrame(3, "p.so", List.of(new long[] {1, 2}), -1L, 5, new byte[300_000]);
            server.sendPatch(-1L, frame);

            assertEquals(frame, WireCodec.decodePatch(received.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)));
            socket.abort();
        }
    }

    /** Collects one whole binary message, which java.net.http may deliver in several parts. */
    private static final class CollectBinary implements WebSocket.Listener {
        private final CompletableFuture<ByteBuffer> result;
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

        CollectBinary(CompletableFuture<ByteBuffer> result) {
            this.result = result;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            parts.writeBytes(bytes);
            if (last) {
                result.complete(ByteBuffer.wrap(parts.toByteArray()));
            }
            webSocket.request(1);
            return null;
        }
    }

    /**
     * Pins down the framing a client must handle: a patch is one binary message, sent as a binary frame followed by
     * continuation frames when it is larger than one frame, all unmasked.
     */
    @Test
    void patchIsOneBinaryMessageOfFrames() throws Exception {
        try (WhiskerServer server = WhiskerServer.start(onPort(0), events);
             Socket socket = new Socket("127.0.0.1", server.boundAddress().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET " + WhiskerServer.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readHttpHead(in).startsWith("HTTP/1.1 101"));
            writeMaskedText(out, "{\"kind\":\"hello\",\"aslr_reference\":4096,\"token\":null}");
            events.await(ServerEvent.HelloAccepted.class);
            byte[] library = new byte[200_000];
            new Random(7).nextBytes(library);
            PatchFrame frame = new PatchFrame(1, "p.so", List.of(), 4096, 0, library);

            server.sendPatch(4096, frame);

            ByteArrayOutputStream message = new ByteArrayOutputStream();
            boolean fin = false;
            for (int index = 0; !fin; index++) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                fin = (first & 0x80) != 0;
                assertEquals(index == 0 ? 2 : 0, first & 0x0F, "opcode of frame " + index);
                assertEquals(0, second & 0x80, "server frames are not masked");
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                message.writeBytes(payload);
            }
            assertEquals(frame, WireCodec.decodePatch(message.toByteArray()));
        }
    }

    private static String readHttpHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    private static void writeMaskedText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }
}

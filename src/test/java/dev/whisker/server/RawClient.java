package dev.whisker.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client on a plain socket, for faults a library client hides: closing the TCP connection without a close
 * frame (what the kernel does for a process that crashed or was killed) or with a reset.
 */
final class RawClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to {@code server} and completes the upgrade handshake. */
    static RawClient connect(WhiskerServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.boundAddress().getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        RawClient client = new RawClient(socket);
        client.out.write(("GET " + WhiskerServer.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = client.readHttpHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade failed: " + head);
        }
        return client;
    }

    private String readHttpHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** Sends one masked text frame of at most 125 bytes. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("text of " + payload.length + " bytes needs an extended length");
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** Closes the TCP connection with a FIN and no close frame, as the kernel does when a process exits. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes the TCP connection with a reset (RST), as the kernel does when unread data is left in the socket. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}

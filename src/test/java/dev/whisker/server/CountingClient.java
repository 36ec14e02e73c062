package dev.whisker.server;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Client endpoint for load tests: decodes each patch, checks that ids arrive as 0, 1, 2, ... with the expected
 * library length, and keeps only counters, so a hundred of them fit in a test JVM.
 */
public final class CountingClient implements Session.Listener.AutoDemanding {

    final AtomicInteger received = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final int libraryBytes;
    private volatile Session session;

    CountingClient(int libraryBytes) {
        this.libraryBytes = libraryBytes;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            PatchFrame frame = WireCodec.decodePatch(payload);
            int expected = received.get();
            if (frame.id() != expected || frame.libraryLength() != libraryBytes) {
                firstError.compareAndSet(null, "expected frame " + expected + " of " + libraryBytes + " bytes, got "
                        + frame);
            }
        } catch (MalformedMessageException e) {
            firstError.compareAndSet(null, e.getMessage());
        }
        received.incrementAndGet();
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeCode.complete(statusCode);
    }

    Session session() {
        return session;
    }
}

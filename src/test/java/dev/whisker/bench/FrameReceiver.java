package dev.whisker.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A benchmark client: counts a latch down when a whole patch frame with the expected id and length arrives.
 *
 * <p>Jetty's client aggregates the fragments of a binary message and calls {@link #onWebSocketBinary} once with the
 * complete message, so a call means the full frame has been received. The receiver checks the id in the JSON header
 * and that the library part has the expected length, but does not decode the library, so a hundred receivers add
 * little CPU load to the measurement.
 */
public final class FrameReceiver implements Session.Listener.AutoDemanding {

    private final int libraryBytes;
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile Session session;
    private volatile long expectedId = -1;
    private volatile CountDownLatch arrivals = new CountDownLatch(0);

    /** Creates a receiver that expects every patch frame to carry a library of exactly {@code libraryBytes}. */
    FrameReceiver(int libraryBytes) {
        this.libraryBytes = libraryBytes;
    }

    /** Sets the id of the next frame and the latch to count down when it arrives. */
    void expect(long id, CountDownLatch latch) {
        arrivals = latch;
        expectedId = id;
    }

    /** Returns the first mismatch seen (wrong length, wrong id, a close), or null if none. */
    String firstError() {
        return firstError.get();
    }

    Session session() {
        return session;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long headerBytes = payload.getLong(payload.position());
        long received = payload.remaining() - Long.BYTES - headerBytes;
        long id = headerId(payload);
        if (received != libraryBytes) {
            firstError.compareAndSet(null, "library of " + received + " bytes, expected " + libraryBytes);
        } else if (id != expectedId) {
            firstError.compareAndSet(null, "frame id " + id + ", expected " + expectedId);
        } else {
            arrivals.countDown();
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        firstError.compareAndSet(null, "session closed with " + statusCode + ": " + reason);
    }

    /** Reads {@code "id":<digits>} from the frame's JSON header, or returns -1 if it is missing. */
    private static long headerId(ByteBuffer frame) {
        ByteBuffer view = frame.duplicate();
        long headerLength = view.getLong();
        if (headerLength <= 0 || headerLength > view.remaining()) {
            return -1;
        }
        byte[] header = new byte[(int) headerLength];
        view.get(header);
        String json = new String(header, StandardCharsets.UTF_8);
        int start = json.indexOf("\"id\":");
        if (start < 0) {
            return -1;
        }
        int digits = start + 5;
        int end = digits;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return end > digits ? Long.parseLong(json.substring(digits, end)) : -1;
    }
}

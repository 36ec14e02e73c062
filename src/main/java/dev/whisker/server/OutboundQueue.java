package dev.whisker.server;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Bounded queue of binary frames for one session, sent one at a time.
 *
 * <p>Jetty fails a send that starts while the previous one is still being written, so the next frame starts only
 * from the previous send's success callback. {@link IteratingCallback} drives that loop without recursion when a send
 * completes on the calling thread. After the first failed send the queue stops for good and reports the cause once.
 */
final class OutboundQueue extends IteratingCallback {

    /** Outcome of {@link #offer(ByteBuffer)}. */
    enum Offer {
        QUEUED,
        /** The frame would have pushed the backlog over the bound; nothing was queued. */
        OVERFLOW,
        /** The queue was closed; nothing was queued. */
        CLOSED
    }

    private final Session session;
    private final long maxQueuedBytes;
    private final Consumer<Throwable> onSendFailure;
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long queuedBytes;
    private int inFlightBytes;
    private boolean closed;

    /**
     * @param session session to send on
     * @param maxQueuedBytes bound on pending plus in-flight bytes; a frame is always accepted into an empty queue
     * @param onSendFailure called once, on a Jetty thread, when a send fails
     */
    OutboundQueue(Session session, long maxQueuedBytes, Consumer<Throwable> onSendFailure) {
        this.session = session;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onSendFailure = onSendFailure;
    }

    /**
     * Queues {@code frame} and starts sending it if the session is idle. The buffer must not be changed afterwards;
     * the sender consumes its position.
     */
    Offer offer(ByteBuffer frame) {
        synchronized (lock) {
            if (closed) {
                return Offer.CLOSED;
            }
            boolean empty = queuedBytes == 0;
            if (!empty && queuedBytes + frame.remaining() > maxQueuedBytes) {
                return Offer.OVERFLOW;
            }
            pending.add(frame);
            queuedBytes += frame.remaining();
        }
        iterate();
        return Offer.QUEUED;
    }

    /** Bytes waiting or being written. */
    long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    /** Drops every pending frame and rejects later offers; a send in flight still completes or fails. */
    void discardAll() {
        synchronized (lock) {
            closed = true;
            pending.clear();
            queuedBytes = inFlightBytes;
        }
    }

    @Override
    protected Action process() {
        ByteBuffer next;
        synchronized (lock) {
            queuedBytes -= inFlightBytes;
            inFlightBytes = 0;
            next = closed ? null : pending.poll();
            if (next == null) {
                return Action.IDLE;
            }
            inFlightBytes = next.remaining();
        }
        session.sendBinary(next, Callback.from(this::succeeded, this::failed));
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        discardAll();
        onSendFailure.accept(cause);
    }
}

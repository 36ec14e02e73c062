package dev.whisker.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The server side of one WebSocket session: inbound message handling, the hello state and the outbound queue.
 *
 * <p>Jetty calls the listener methods of one session one at a time, so the text buffer needs no lock. Fields read by
 * other threads ({@link #enqueue}, {@link #info}) are volatile. A client becomes authenticated only through an
 * accepted hello, and only then does it receive frames.
 *
 * <p>The class is public only because Jetty binds the listener methods through a public method lookup; it has no
 * public constructor and is not meant to be used outside this package.
 */
public final class ClientConnection implements Session.Listener.AutoDemanding {

    private final long id;
    private final ClientRegistry registry;
    private final InetSocketAddress remote;
    private final Scheduler scheduler;
    private final Instant connectedAt = Instant.now();
    private final StringBuilder text = new StringBuilder();
    private long textBytes;
    private volatile Scheduler.Task helloTimer;
    private volatile Session session;
    private volatile OutboundQueue queue;
    private volatile long aslrReference;
    private volatile boolean authenticated;
    private volatile boolean closing;

    ClientConnection(ClientRegistry registry, InetSocketAddress remote, Scheduler scheduler) {
        this.id = registry.nextClientId();
        this.registry = registry;
        this.remote = remote;
        this.scheduler = scheduler;
    }

    long id() {
        return id;
    }

    boolean isAuthenticatedFor(long reference) {
        return authenticated && !closing && aslrReference == reference;
    }

    ClientInfo info() {
        boolean helloAccepted = authenticated;
        return new ClientInfo(id, remote, helloAccepted,
                helloAccepted ? OptionalLong.of(aslrReference) : OptionalLong.empty(), connectedAt);
    }

    /** Queues one encoded patch frame. Returns false when the client is closing or was just dropped as too slow. */
    boolean enqueue(ByteBuffer frame) {
        OutboundQueue outbound = queue;
        if (outbound == null || closing) {
            return false;
        }
        OutboundQueue.Offer offer = outbound.offer(frame);
        if (offer == OutboundQueue.Offer.OVERFLOW) {
            dropSlowClient(outbound.queuedBytes());
        }
        return offer == OutboundQueue.Offer.QUEUED;
    }

    @Override
    public void onWebSocketOpen(Session openedSession) {
        session = openedSession;
        queue = new OutboundQueue(openedSession, registry.config().maxQueuedBytes(), this::onSendFailed);
        int count = registry.add(this);
        registry.emit(new ServerEvent.ClientConnected(id, remote, count));
        long timeoutMillis = registry.config().helloTimeout().toMillis();
        helloTimer = scheduler.schedule(this::onHelloTimeout, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        if (closing) {
            return;
        }
        textBytes += Utf8.encodedLength(fragment);
        int limit = registry.config().maxTextFrameBytes();
        if (textBytes > limit) {
            violatePolicy("sent a text message of more than " + limit + " bytes", "text message too large");
            return;
        }
        text.append(fragment);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            textBytes = 0;
            handleText(message);
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        callback.succeed();
        violatePolicy("sent a binary frame; clients may send text frames only", "binary frames not accepted");
    }

    private void handleText(String json) {
        ClientMessage message;
        try {
            message = WireCodec.parseClientMessage(json);
        } catch (MalformedMessageException e) {
            registry.emit(new ServerEvent.MalformedMessage(id, registry.redactToken(e.getMessage())));
            return;
        }
        if (message instanceof ClientMessage.Hello hello) {
            handleHello(hello);
        } else if (!authenticated) {
            violatePolicy("sent a message before its hello", "hello expected first");
        } else if (message instanceof ClientMessage.Log log) {
            registry.emit(new ServerEvent.LogReceived(id, log.stream(), log.line(), log.tsMicros()));
        } else if (message instanceof ClientMessage.Applied applied) {
            registry.emit(new ServerEvent.PatchApplied(id, applied.id(), applied.ok(), applied.error()));
        }
    }

    private void handleHello(ClientMessage.Hello hello) {
        if (authenticated) {
            registry.emit(new ServerEvent.MalformedMessage(id, "second hello ignored; a client says hello once"));
            return;
        }
        String rejection = registry.rejectToken(hello.token());
        if (rejection != null && markClosing()) {
            registry.emit(new ServerEvent.AuthRejected(id, rejection));
            session.close(StatusCode.POLICY_VIOLATION, "invalid token", Callback.NOOP);
        }
        if (rejection != null) {
            return;
        }
        aslrReference = hello.aslrReference();
        authenticated = true;
        cancelHelloTimer();
        registry.emit(new ServerEvent.HelloAccepted(id, hello.aslrReference()));
    }

    private void onHelloTimeout() {
        if (!authenticated) {
            violatePolicy("sent no accepted hello within " + registry.config().helloTimeout().toMillis() + " ms",
                    "hello timeout");
        }
    }

    /**
     * Closes the session with 1008 and reports why. {@code closeReason} goes into the close frame, which is limited
     * to 123 bytes, so it stays short.
     */
    private void violatePolicy(String eventReason, String closeReason) {
        if (markClosing()) {
            registry.emit(new ServerEvent.PolicyViolation(id, eventReason));
            session.close(StatusCode.POLICY_VIOLATION, closeReason, Callback.NOOP);
        }
    }

    /**
     * Disconnects without a close frame: a client that does not read its socket would never read one, and the
     * frames ahead of it would keep the connection's memory in use.
     */
    private void dropSlowClient(long queuedBytes) {
        if (markClosing()) {
            registry.emit(new ServerEvent.SlowClientDropped(id, queuedBytes));
            session.disconnect();
        }
    }

    private void onSendFailed(Throwable cause) {
        if (markClosing()) {
            registry.emit(new ServerEvent.SendFailed(id, String.valueOf(cause)));
            session.disconnect();
        }
    }

    /**
     * Sends a close frame with {@code code} and completes the result once it is written or the session is gone.
     * Queued patches that were not written yet are dropped.
     */
    CompletableFuture<Void> closeWith(int code, String reason) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Session current = session;
        if (current == null || !markClosing()) {
            closed.complete(null);
            return closed;
        }
        current.close(code, reason, Callback.from(() -> closed.complete(null), failure -> closed.complete(null)));
        return closed;
    }

    private synchronized boolean markClosing() {
        if (closing) {
            return false;
        }
        closing = true;
        return true;
    }

    private void cancelHelloTimer() {
        Scheduler.Task timer = helloTimer;
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closing = true;
        cancelHelloTimer();
        OutboundQueue outbound = queue;
        if (outbound != null) {
            outbound.discardAll();
        }
        int count = registry.remove(this);
        registry.emit(new ServerEvent.Disconnected(id, count, statusCode, reason));
    }
}

package dev.whisker.server;

import java.net.InetSocketAddress;

/**
 * Something that happened on the endpoint, delivered to the {@link ServerListener}. {@code clientId} is the id of
 * {@link ClientInfo#id()}. No event carries a client's token.
 */
public sealed interface ServerEvent {

    /** A WebSocket session opened; {@code clientCount} includes the new client. */
    record ClientConnected(long clientId, InetSocketAddress remote, int clientCount) implements ServerEvent {
    }

    /** A hello passed the token check; the client now receives patches for {@code aslrReference}. */
    record HelloAccepted(long clientId, long aslrReference) implements ServerEvent {
    }

    /** A hello had no token or the wrong one; the client is being closed with 1008. */
    record AuthRejected(long clientId, String reason) implements ServerEvent {
    }

    /** A log line forwarded by an authenticated client. */
    record LogReceived(long clientId, LogStream stream, String line, long tsMicros) implements ServerEvent {
    }

    /** A client reported the outcome of applying patch {@code patchId}. */
    record PatchApplied(long clientId, long patchId, boolean ok, String error) implements ServerEvent {
    }

    /** A text frame was not a valid client message; it was ignored and the client stays connected. */
    record MalformedMessage(long clientId, String reason) implements ServerEvent {
    }

    /**
     * The server is closing a client with 1008 because it broke a rule: a text message over the size limit, a binary
     * frame, a message before its hello, or no hello within the hello timeout. {@code reason} starts with a verb, as
     * in "sent a binary frame; clients may send text frames only".
     */
    record PolicyViolation(long clientId, String reason) implements ServerEvent {
    }

    /** A client's patch backlog would have exceeded {@link ServerConfig#maxQueuedBytes()}; it was disconnected. */
    record SlowClientDropped(long clientId, long queuedBytes) implements ServerEvent {
    }

    /** Writing a patch to a client failed; the client is being disconnected. */
    record SendFailed(long clientId, String reason) implements ServerEvent {
    }

    /** An upgrade request carried an {@code Origin} that is not in the allow-list; it got 403 and no session. */
    record OriginRejected(InetSocketAddress remote, String origin) implements ServerEvent {
    }

    /**
     * A session ended; {@code clientCount} excludes the client. {@code closeCode} is the WebSocket close code (1006
     * when the connection dropped without a close frame).
     */
    record Disconnected(long clientId, int clientCount, int closeCode, String reason) implements ServerEvent {
    }
}

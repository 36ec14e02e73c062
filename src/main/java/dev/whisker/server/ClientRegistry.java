package dev.whisker.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected clients of one server, the token check and the event sink they share.
 *
 * <p>Adding and removing a client happen under one lock so that the client count in each connect and disconnect
 * event is exact. Iteration for {@link #broadcast} takes no lock, so a client added or removed meanwhile may or may not be
 * included.
 */
final class ClientRegistry {

    private final ServerConfig config;
    private final ServerListener listener;
    private final byte[] tokenDigest;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, ClientConnection> clients = new ConcurrentHashMap<>();

    ClientRegistry(ServerConfig config, ServerListener listener) {
        this.config = config;
        this.listener = listener;
        this.tokenDigest = config.token().map(ClientRegistry::sha256).orElse(null);
    }

    ServerConfig config() {
        return config;
    }

    long nextClientId() {
        return nextId.getAndIncrement();
    }

    /** Adds {@code client} and returns the number of clients including it. */
    int add(ClientConnection client) {
        synchronized (clients) {
            clients.put(client.id(), client);
            return clients.size();
        }
    }

    /** Removes {@code client} and returns the number of clients left. */
    int remove(ClientConnection client) {
        synchronized (clients) {
            clients.remove(client.id());
            return clients.size();
        }
    }

    /**
     * Checks a hello's token in constant time. Both sides are hashed first, so the comparison time does not depend on
     * the expected token's length either. Returns null when accepted, otherwise the reason, which never contains
     * the token.
     */
    String rejectToken(String token) {
        if (tokenDigest == null) {
            return null;
        }
        if (token == null) {
            return "hello has no token, but the server requires one";
        }
        return MessageDigest.isEqual(tokenDigest, sha256(token)) ? null : "hello has a wrong token";
    }

    /**
     * Replaces the server's token in {@code text} with {@code <token>}. This is a second guard: the codec already
     * keeps token values and Jackson's quoted bare words out of its messages.
     */
    String redactToken(String text) {
        return config.token().map(token -> text.replace(token, "<token>")).orElse(text);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** Queues {@code frame} to every authenticated client whose anchor is {@code aslrReference}; returns the count. */
    int broadcast(long aslrReference, byte[] frame) {
        int queued = 0;
        for (ClientConnection client : clients.values()) {
            if (client.isAuthenticatedFor(aslrReference) && client.enqueue(ByteBuffer.wrap(frame))) {
                queued++;
            }
        }
        return queued;
    }

    List<ClientInfo> snapshot() {
        List<ClientInfo> infos = new ArrayList<>();
        for (ClientConnection client : clients.values()) {
            infos.add(client.info());
        }
        infos.sort((a, b) -> Long.compare(a.id(), b.id()));
        return List.copyOf(infos);
    }

    Set<Long> authenticatedAslrReferences() {
        Set<Long> references = new LinkedHashSet<>();
        for (ClientInfo info : snapshot()) {
            if (info.authenticated()) {
                info.aslrReference().ifPresent(references::add);
            }
        }
        return Set.copyOf(references);
    }

    /** Starts closing every client with {@code code}; the result completes when every close frame is written. */
    CompletableFuture<Void> closeAll(int code, String reason) {
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (ClientConnection client : clients.values()) {
            closes.add(client.closeWith(code, reason));
        }
        return CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new));
    }

    /** Delivers {@code event}; an exception from the listener is dropped so that it cannot close a client. */
    void emit(ServerEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ignored) {
            // The listener contract forbids throwing; a broken listener must not take a session down with it.
        }
    }
}

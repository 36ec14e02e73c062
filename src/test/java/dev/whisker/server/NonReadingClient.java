package dev.whisker.server;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Client endpoint that never calls {@link Session#demand()}, so Jetty never reads its socket: the server's writes
 * to it back up as they would for an app stuck in a long computation.
 */
public final class NonReadingClient implements Session.Listener {

    final CompletableFuture<Session> opened = new CompletableFuture<>();

    @Override
    public void onWebSocketOpen(Session session) {
        opened.complete(session);
    }
}

package dev.whisker.devloop;

import dev.whisker.server.ServerEvent;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Maps the WebSocket endpoint's events to {@link Event}s, and notifies the command file feeder when an
 * app's hello is accepted. Called on Jetty's threads, so it only maps and hands over.
 */
final class ServerEvents {

    private final Consumer<Event> events;
    private final IntSupplier authenticatedCount;
    private final Runnable helloAccepted;

    /**
     * @param authenticatedCount returns how many clients have an accepted hello right now
     * @param helloAccepted runs after each accepted hello
     */
    ServerEvents(Consumer<Event> events, IntSupplier authenticatedCount, Runnable helloAccepted) {
        this.events = events;
        this.authenticatedCount = authenticatedCount;
        this.helloAccepted = helloAccepted;
    }

    void accept(ServerEvent event) {
        if (event instanceof ServerEvent.HelloAccepted hello) {
            events.accept(new Event.ClientReady(id(hello.clientId()), hello.aslrReference(), authenticatedCount.getAsInt()));
            helloAccepted.run();
        } else if (event instanceof ServerEvent.ClientConnected connected) {
            events.accept(new Event.ClientConnected(id(connected.clientId()), connected.remote().toString(),
                    connected.clientCount()));
        } else if (event instanceof ServerEvent.Disconnected gone) {
            events.accept(new Event.ClientDisconnected(id(gone.clientId()), gone.clientCount(),
                    "close code " + gone.closeCode() + (gone.reason() == null || gone.reason().isEmpty() ? "" : ", " + gone.reason())));
        } else if (event instanceof ServerEvent.LogReceived log) {
            events.accept(new Event.ClientLog(id(log.clientId()), log.stream().toString(), log.line()));
        } else {
            acceptProblem(event);
        }
    }

    private void acceptProblem(ServerEvent event) {
        if (event instanceof ServerEvent.AuthRejected rejected) {
            events.accept(new Event.ClientRejected(id(rejected.clientId()), rejected.reason()
                    + ". Start the app with the WHISKER_DEV_TOKEN the goal passes, or set the same token with whisker.token"));
        } else if (event instanceof ServerEvent.MalformedMessage malformed) {
            events.accept(new Event.ClientMessageMalformed(id(malformed.clientId()), malformed.reason()));
        } else if (event instanceof ServerEvent.PolicyViolation violation) {
            events.accept(new Event.Warning("Closed client " + violation.clientId() + ": " + violation.reason()));
        } else if (event instanceof ServerEvent.SlowClientDropped slow) {
            events.accept(new Event.Warning("Dropped client " + slow.clientId() + " because " + slow.queuedBytes()
                    + " bytes of patches were waiting for it"));
        } else if (event instanceof ServerEvent.OriginRejected origin) {
            events.accept(new Event.Warning("Rejected a browser connection from " + origin.remote()
                    + " with Origin " + origin.origin()));
        } else if (event instanceof ServerEvent.PatchApplied applied) {
            events.accept(applied.ok()
                    ? new Event.Notice("Client " + applied.clientId() + " applied patch " + applied.patchId())
                    : new Event.Warning("Client " + applied.clientId() + " could not apply patch " + applied.patchId()
                            + ": " + applied.error() + ". Press R + Enter for a full reload."));
        }
    }

    private static String id(long clientId) {
        return Long.toString(clientId);
    }
}

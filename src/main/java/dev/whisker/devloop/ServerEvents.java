package dev.whisker.devloop;

import dev.whisker.server.ServerEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Maps the WebSocket endpoint's events to {@link Event}s, and notifies the command file feeder when an
 * app's hello is accepted. Called on Jetty's threads, so it only maps and hands over.
 *
 * <p>The user-facing client count is the number of clients whose hello was accepted, counted here.
 * {@link #accept} is synchronized, so the counts in the emitted events follow one order even though
 * Jetty delivers connects and disconnects on several threads. Connects and disconnects of clients
 * that never authenticated are detail, and rejected hellos warn once and then as a count per minute,
 * so a port scan or a stale client that retries does not flood the log.
 */
final class ServerEvents {

    /** The shortest time between two warnings that count repeated rejections. */
    static final Duration REJECTION_SUMMARY_INTERVAL = Duration.ofMinutes(1);

    private final Consumer<Event> events;
    private final Runnable helloAccepted;
    private final LongSupplier nanoClock;
    private final Set<Long> authenticated = new HashSet<>();
    private boolean firstRejectionReported;
    private int rejectionsSinceSummary;
    private long lastSummaryNanos;

    /** @param helloAccepted runs after each accepted hello */
    ServerEvents(Consumer<Event> events, Runnable helloAccepted) {
        this(events, helloAccepted, System::nanoTime);
    }

    /** @param nanoClock the time source for rate-limiting, in nanoseconds like {@link System#nanoTime()} */
    ServerEvents(Consumer<Event> events, Runnable helloAccepted, LongSupplier nanoClock) {
        this.events = events;
        this.helloAccepted = helloAccepted;
        this.nanoClock = nanoClock;
    }

    synchronized void accept(ServerEvent event) {
        if (event instanceof ServerEvent.HelloAccepted hello) {
            authenticated.add(hello.clientId());
            events.accept(new Event.ClientReady(id(hello.clientId()), hello.aslrReference(), authenticated.size()));
            helloAccepted.run();
        } else if (event instanceof ServerEvent.ClientConnected connected) {
            events.accept(new Event.ClientConnected(id(connected.clientId()), connected.remote().toString(),
                    connected.clientCount()));
        } else if (event instanceof ServerEvent.Disconnected gone) {
            disconnected(gone);
        } else if (event instanceof ServerEvent.LogReceived log) {
            events.accept(new Event.ClientLog(id(log.clientId()), log.stream().toString(), log.line()));
        } else if (event instanceof ServerEvent.AuthRejected rejected) {
            rejected(rejected);
        } else {
            acceptProblem(event);
        }
    }

    private void disconnected(ServerEvent.Disconnected gone) {
        String reason = "close code " + gone.closeCode()
                + (gone.reason() == null || gone.reason().isEmpty() ? "" : ", " + gone.reason());
        if (authenticated.remove(gone.clientId())) {
            events.accept(new Event.ClientDisconnected(id(gone.clientId()), authenticated.size(), reason));
        } else {
            events.accept(new Event.Detail("Unauthenticated client " + gone.clientId() + " disconnected (" + reason
                    + ")"));
        }
    }

    /** Warns for the first rejection; later ones are detail plus at most one counting warning per minute. */
    private void rejected(ServerEvent.AuthRejected rejected) {
        String hint = ". Start the app with the WHISKER_DEV_TOKEN the goal passes, or set the same token with"
                + " whisker.token";
        long now = nanoClock.getAsLong();
        if (!firstRejectionReported) {
            firstRejectionReported = true;
            lastSummaryNanos = now;
            events.accept(new Event.ClientRejected(id(rejected.clientId()), rejected.reason() + hint));
            return;
        }
        rejectionsSinceSummary++;
        events.accept(new Event.Detail("Rejected client " + rejected.clientId() + ": " + rejected.reason()));
        if (now - lastSummaryNanos >= REJECTION_SUMMARY_INTERVAL.toNanos()) {
            events.accept(new Event.Warning("Rejected " + rejectionsSinceSummary + " more clients since the last"
                    + " report, the latest because: " + rejected.reason() + hint));
            rejectionsSinceSummary = 0;
            lastSummaryNanos = now;
        }
    }

    private void acceptProblem(ServerEvent event) {
        if (event instanceof ServerEvent.MalformedMessage malformed) {
            events.accept(new Event.ClientMessageMalformed(id(malformed.clientId()), malformed.reason()));
        } else if (event instanceof ServerEvent.PolicyViolation violation) {
            events.accept(new Event.Warning("Closed client " + violation.clientId() + ": " + violation.reason()));
        } else if (event instanceof ServerEvent.SlowClientDropped slow) {
            events.accept(new Event.Warning("Dropped client " + slow.clientId() + " because " + slow.queuedBytes()
                    + " bytes of patches were waiting for it"));
        } else if (event instanceof ServerEvent.OriginRejected origin) {
            events.accept(new Event.Warning("Rejected a browser connection from " + origin.remote()
                    + " with Origin " + origin.origin()));
        } else if (event instanceof ServerEvent.ConnectionError error) {
            events.accept(new Event.Detail("Connection of client " + error.clientId() + " failed: " + error.reason()));
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

package dev.whisker.server;

/**
 * Receiver of every {@link ServerEvent} of one {@link WhiskerServer}.
 *
 * <p>The server calls it on Jetty's threads, possibly from several threads at once, and while it waits no further
 * frame of that client is read. Implementations must be thread-safe and cheap: hand the event to a queue and return.
 * An exception thrown by the listener is caught and dropped, so a listener bug cannot close a client.
 */
@FunctionalInterface
public interface ServerListener {

    /** Receives one event. */
    void onEvent(ServerEvent event);
}

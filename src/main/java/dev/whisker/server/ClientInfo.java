package dev.whisker.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Snapshot of one connected client.
 *
 * @param id server-assigned id, unique for the server's lifetime and used in every {@link ServerEvent}
 * @param remote the client's address and port
 * @param authenticated whether its hello was accepted; only authenticated clients receive patches
 * @param aslrReference runtime anchor address from the accepted hello, empty before that
 * @param connectedAt time the WebSocket session opened
 */
public record ClientInfo(long id, InetSocketAddress remote, boolean authenticated, OptionalLong aslrReference,
                         Instant connectedAt) {
}

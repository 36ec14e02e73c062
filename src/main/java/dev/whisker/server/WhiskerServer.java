package dev.whisker.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The WebSocket endpoint {@code GET /whisker-dev} that apps connect to, on Jetty 12 core (no servlet container).
 *
 * <p>Clients send a hello with their runtime anchor address and the session token, may forward log lines and report
 * applied patches; the server pushes patch frames to the authenticated clients of one anchor address. Every other
 * path returns 404. Everything that happens is reported to one {@link ServerListener}; this class never logs.
 *
 * <p>Limits enforced per client: text messages up to {@link ServerConfig#maxTextFrameBytes()}, no binary frames, an
 * accepted hello within {@link ServerConfig#helloTimeout()}, and a patch backlog up to
 * {@link ServerConfig#maxQueuedBytes()}. Outbound frames may be as large as a Java array.
 *
 * <p>All methods are thread-safe.
 */
public final class WhiskerServer implements AutoCloseable {

    /** Path of the WebSocket endpoint. */
    public static final String PATH = "/whisker-dev";

    /**
     * Largest WebSocket frame payload in either direction. With auto-fragmentation Jetty sends a larger patch as
     * continuation frames and hands a larger client frame to {@link ClientConnection} in pieces, so the text limit is
     * enforced there and a client cannot make Jetty buffer a whole oversized frame.
     */
    private static final int FRAME_BYTES = 64 * 1024;

    /** Maximum time {@link #close()} waits for close frames before it drops the connections. */
    public static final Duration CLOSE_FRAME_WAIT = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final ClientRegistry registry;
    private final Server jetty;
    private final ServerConnector connector;

    private WhiskerServer(ServerConfig config, ServerListener listener) {
        this.config = config;
        this.registry = new ClientRegistry(config, listener);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("whisker-server");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty, 1, 1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(jetty, context, this::configure));
        jetty.setHandler(context);
    }

    /**
     * Binds {@code config.host():config.port()} and starts serving.
     *
     * @throws PortInUseException if another socket already listens on that address
     * @throws WhiskerServerException if the address cannot be bound for another reason or Jetty fails to start
     */
    public static WhiskerServer start(ServerConfig config, ServerListener listener) {
        WhiskerServer server = new WhiskerServer(config, listener);
        server.startJetty();
        return server;
    }

    private void configure(ServerWebSocketContainer container) {
        container.setMaxFrameSize(FRAME_BYTES);
        container.setAutoFragment(true);
        // Jetty's own text limit sits above ours, so the client gets 1008 from ClientConnection and not 1009.
        container.setMaxTextMessageSize((long) config.maxTextFrameBytes() + 2L * FRAME_BYTES);
        // Inbound only: ClientConnection closes a client on its first binary fragment.
        container.setMaxBinaryMessageSize(FRAME_BYTES);
        // NOTE: authenticated clients are never closed for being idle, because an app may send nothing for hours.
        // A peer that vanished without a FIN stays listed until a send to it fails or its queue overflows.
        container.setIdleTimeout(Duration.ZERO);
        container.addMapping(PATH, this::createEndpoint);
    }

    private Object createEndpoint(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        InetSocketAddress remote = toInet(request.getConnectionMetaData().getRemoteSocketAddress());
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !config.allowedOrigins().contains(origin)) {
            registry.emit(new ServerEvent.OriginRejected(remote, JsonFields.shorten(origin)));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403,
                    "Origin not allowed to connect to the whisker dev server");
            return null;
        }
        // No extensions: compressing native code on loopback costs CPU for nothing, and the protocol stays plain.
        response.setExtensions(List.of());
        return new ClientConnection(registry, remote, jetty.getScheduler());
    }

    private static InetSocketAddress toInet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : InetSocketAddress.createUnresolved("unknown", 0);
    }

    private void startJetty() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        String address = host + ":" + config.port();
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(e);
            BindException bind = findBindException(e);
            if (bind != null && String.valueOf(bind.getMessage()).contains("in use")) {
                throw new PortInUseException(address, e);
            }
            throw new WhiskerServerException("cannot listen on " + address + ": " + e.getMessage()
                    + ". Check the address, or set the whisker.bind property (<bind> in the plugin configuration)"
                    + " to an address of this machine", e);
        }
    }

    private static BindException findBindException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    private void stopQuietly(Exception startFailure) {
        try {
            jetty.stop();
        } catch (Exception stopFailure) {
            startFailure.addSuppressed(stopFailure);
        }
    }

    /** Address and port the server listens on; the real port when the configuration asked for port 0. */
    public InetSocketAddress boundAddress() {
        try {
            return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the server is not listening", e);
        }
    }

    /** Snapshot of the connected clients, ordered by id. */
    public List<ClientInfo> clients() {
        return registry.snapshot();
    }

    /** Distinct anchor addresses of the authenticated clients; the patcher builds one patch per address. */
    public Set<Long> authenticatedAslrReferences() {
        return registry.authenticatedAslrReferences();
    }

    /**
     * Encodes {@code frame} once and queues it to every authenticated client whose hello carried
     * {@code aslrReference}. Returns without waiting for the bytes to be written. A client whose backlog would exceed
     * {@link ServerConfig#maxQueuedBytes()} is disconnected and reported with {@link ServerEvent.SlowClientDropped}.
     * Frames reach each client in the order of the calls.
     *
     * @return number of clients the frame was queued to
     */
    public int sendPatch(long aslrReference, PatchFrame frame) {
        return registry.broadcast(aslrReference, WireCodec.encodePatch(frame));
    }

    /**
     * Closes every session with 1001 (going away), stops Jetty and releases the port. Waits up to
     * {@link #CLOSE_FRAME_WAIT} for the close frames to be written, so connected apps can tell a shutdown from a
     * crash and reconnect later. The address can be bound again as soon as this returns. Calling it again does
     * nothing.
     *
     * @throws WhiskerServerException if Jetty fails to stop
     */
    @Override
    public void close() {
        if (jetty.isStopped()) {
            return;
        }
        try {
            registry.closeAll(StatusCode.SHUTDOWN, "whisker dev server stopping")
                    .get(CLOSE_FRAME_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A client that does not take its close frame in time is cut off by jetty.stop() below.
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new WhiskerServerException("stopping the whisker dev server on " + config.host() + ":"
                    + config.port() + " failed", e);
        }
    }
}

package dev.whisker.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one {@link WhiskerServer}.
 *
 * @param host address to bind, a literal IP or a host name ({@code 127.0.0.1} in the default setup)
 * @param port TCP port to bind, {@code 0} for any free port
 * @param token session token every hello must carry; empty to accept any hello
 * @param allowedOrigins exact {@code Origin} header values (for example {@code http://localhost:3000}) that may open a
 *     connection; a request without an {@code Origin} header is always allowed, because native clients send none
 * @param maxTextFrameBytes largest client text message in UTF-8 bytes; a larger one closes that client with 1008
 * @param helloTimeout time a client has after connecting to send an accepted hello before it is closed with 1008
 * @param maxQueuedBytes largest backlog of patch bytes waiting for one client; a patch that would exceed it drops the
 *     client. A patch is always accepted into an empty queue, so a single frame may be larger than this bound.
 */
public record ServerConfig(String host, int port, Optional<String> token, List<String> allowedOrigins,
                           int maxTextFrameBytes, Duration helloTimeout, long maxQueuedBytes) {

    /** Default bind address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port, the one the client crate connects to when {@code WHISKER_DEV_ADDR} is unset. */
    public static final int DEFAULT_PORT = 9876;
    /** Default {@link #maxTextFrameBytes}: 1 MiB, far above any log line or hello. */
    public static final int DEFAULT_MAX_TEXT_FRAME_BYTES = 1 << 20;
    /** Default {@link #helloTimeout}. */
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #maxQueuedBytes}: 64 MiB, a few patches of a large crate. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;

    /**
     * Validates the settings and copies the origin list.
     *
     * @throws IllegalArgumentException naming the invalid setting and its value
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(helloTimeout, "helloTimeout");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank; expected an address such as 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535 (0 picks any free port)");
        }
        if (token.isPresent() && token.get().isEmpty()) {
            throw new IllegalArgumentException("token is empty; pass Optional.empty() to run without a token");
        }
        if (maxTextFrameBytes <= 0) {
            throw new IllegalArgumentException("maxTextFrameBytes " + maxTextFrameBytes + " must be positive");
        }
        if (helloTimeout.isNegative() || helloTimeout.isZero()) {
            throw new IllegalArgumentException("helloTimeout " + helloTimeout + " must be positive");
        }
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("maxQueuedBytes " + maxQueuedBytes + " must be positive");
        }
    }

    /** Creates a configuration with the default hello timeout and queue bound. */
    public ServerConfig(String host, int port, Optional<String> token, List<String> allowedOrigins,
                        int maxTextFrameBytes) {
        this(host, port, token, allowedOrigins, maxTextFrameBytes, DEFAULT_HELLO_TIMEOUT, DEFAULT_MAX_QUEUED_BYTES);
    }

    /** Creates a configuration with every default except the bind address and token. */
    public static ServerConfig of(String host, int port, Optional<String> token) {
        return new ServerConfig(host, port, token, List.of(), DEFAULT_MAX_TEXT_FRAME_BYTES);
    }

    /** Returns a copy with another hello timeout. */
    public ServerConfig withHelloTimeout(Duration timeout) {
        return new ServerConfig(host, port, token, allowedOrigins, maxTextFrameBytes, timeout, maxQueuedBytes);
    }

    /** Returns a copy with another per-client queue bound. */
    public ServerConfig withMaxQueuedBytes(long bytes) {
        return new ServerConfig(host, port, token, allowedOrigins, maxTextFrameBytes, helloTimeout, bytes);
    }

    /** Returns a copy with another origin allow-list. */
    public ServerConfig withAllowedOrigins(List<String> origins) {
        return new ServerConfig(host, port, token, origins, maxTextFrameBytes, helloTimeout, maxQueuedBytes);
    }

    /** Describes the settings with the token replaced by whether one is set, so the result is safe to log. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", token=" + (token.isPresent() ? "set" : "none")
                + ", allowedOrigins=" + allowedOrigins + ", maxTextFrameBytes=" + maxTextFrameBytes
                + ", helloTimeout=" + helloTimeout + ", maxQueuedBytes=" + maxQueuedBytes + "]";
    }
}

package dev.whisker.devloop;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The host and port the WebSocket endpoint listens on.
 *
 * @param host a host name or IP literal, without brackets
 * @param port 0 to 65535; 0 lets the system pick a free port
 */
public record BindAddress(String host, int port) {

    /**
     * Parses {@code host:port}, or {@code [ipv6]:port} for IPv6 literals.
     *
     * @throws InvalidParameterException naming {@code bind} when the form, host or port is invalid
     */
    public static BindAddress parse(String value) {
        String text = value.strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(value, "expected host:port, for example 127.0.0.1:9876 (port 0 picks a free port)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(value, "write an IPv6 address in brackets, for example [::1]:9876");
        }
        return new BindAddress(host, parsePort(value, text.substring(colon + 1)));
    }

    private static int parsePort(String value, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(value, "port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw invalid(value, "port " + port + " is outside 0-65535");
        }
        return port;
    }

    /**
     * Returns whether the host resolves to a loopback address, so only processes on this machine
     * can connect.
     *
     * @throws InvalidParameterException naming {@code bind} when the host name does not resolve
     */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw invalid(toString(), "host '" + host + "' does not resolve");
        }
    }

    private static InvalidParameterException invalid(String value, String reason) {
        return new InvalidParameterException("bind", value, "Invalid bind address '" + value + "': " + reason);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}

package dev.whisker.devloop;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

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
     * @throws InvalidParameterException naming {@code bind} when the host name is not found
     */
    public boolean isLoopback() {
        return resolve().isLoopbackAddress();
    }

    /**
     * Resolves the host to the address the endpoint binds.
     *
     * @throws InvalidParameterException naming {@code bind} when the host name is not found
     */
    public InetAddress resolve() {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidParameterException("bind", toString(), "Host '" + host + "' of bind address " + this
                    + " was not found. Set whisker.bind to an IP address or a host name this machine resolves,"
                    + " for example 127.0.0.1:9876");
        }
    }

    /**
     * Formats {@code address} as {@code host:port} the way URLs write it: an IPv6 host in brackets and
     * in its short form, for example {@code [::1]:9876}.
     */
    public static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet6Address) {
            return "[" + compress(ip.getHostAddress()) + "]:" + address.getPort();
        }
        return (ip == null ? address.getHostString() : ip.getHostAddress()) + ":" + address.getPort();
    }

    /** Replaces the longest run of two or more zero groups with {@code ::}. */
    static String compress(String ipv6) {
        int percent = ipv6.indexOf('%');
        String scope = percent < 0 ? "" : ipv6.substring(percent);
        String[] groups = (percent < 0 ? ipv6 : ipv6.substring(0, percent)).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int length = 0;
            while (i + length < groups.length && groups[i + length].matches("0+")) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups) + scope;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + scope;
    }

    private static InvalidParameterException invalid(String value, String reason) {
        return new InvalidParameterException("bind", value, "Invalid bind address '" + value + "': " + reason);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}

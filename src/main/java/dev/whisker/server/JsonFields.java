package dev.whisker.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Typed field access on a parsed JSON object, throwing {@link MalformedMessageException} with the field's path and the
 * value that was found. Values are shortened to {@value #MAX_SHOWN_CHARS} characters in messages, because they come
 * from an untrusted peer and end up in logs.
 */
final class JsonFields {

    private static final int MAX_SHOWN_CHARS = 64;
    private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final JsonNode object;
    private final String prefix;

    private JsonFields(JsonNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** Wraps {@code node}, which must be a JSON object; {@code path} names it in messages ("" for the root). */
    static JsonFields of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            String name = path.isEmpty() ? "message" : path;
            throw new MalformedMessageException(path.isEmpty() ? "$" : path,
                    name + " must be a JSON object, got " + describe(node));
        }
        return new JsonFields(node, path.isEmpty() ? "" : path + ".");
    }

    String path(String name) {
        return prefix + name;
    }

    /** Returns the field's node, or null when the field is absent. */
    JsonNode optional(String name) {
        return object.get(name);
    }

    JsonNode require(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new MalformedMessageException(path(name), "missing field " + path(name));
        }
        return value;
    }

    String requireString(String name) {
        JsonNode value = require(name);
        if (!value.isTextual()) {
            throw wrongType(path(name), "a string", value);
        }
        return value.textValue();
    }

    /** Returns the string value, or null when the field is absent or JSON null. */
    String optionalString(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(path(name), "a string or null", value);
        }
        return value.textValue();
    }

    boolean requireBoolean(String name) {
        JsonNode value = require(name);
        if (!value.isBoolean()) {
            throw wrongType(path(name), "true or false", value);
        }
        return value.booleanValue();
    }

    long requireU64(String name) {
        return toU64(require(name), path(name));
    }

    /**
     * Converts an integral JSON number in 0..2^64-1 to a {@code long} with the same 64 bits. Fractions, exponents that
     * Jackson reads as floating point, negative numbers and values of 2^64 or more are rejected.
     */
    static long toU64(JsonNode value, String path) {
        if (!value.isIntegralNumber()) {
            throw wrongType(path, "an unsigned 64-bit integer", value);
        }
        BigInteger number = value.bigIntegerValue();
        if (number.signum() < 0 || number.compareTo(U64_LIMIT) >= 0) {
            throw new MalformedMessageException(path,
                    path + " is " + number + ", outside the unsigned 64-bit range 0.." + U64_LIMIT.subtract(BigInteger.ONE));
        }
        return number.longValue();
    }

    static MalformedMessageException wrongType(String path, String expected, JsonNode actual) {
        return new MalformedMessageException(path, path + " must be " + expected + ", got " + describe(actual));
    }

    /** Renders a node for an error message: its JSON type and a shortened copy of its text. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        if (text.length() > MAX_SHOWN_CHARS) {
            text = text.substring(0, MAX_SHOWN_CHARS) + "... (" + text.length() + " chars)";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
    }

    /** Shortens a raw string taken from the peer for an error message. */
    static String shorten(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}

package dev.whisker.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Encoder and decoder for the whisker wire protocol.
 *
 * <p>Server to client: one binary frame {@code [u64 big-endian N][N bytes of UTF-8 JSON header][library bytes]} with
 * the header {@code {"kind":"patch","id":u64,"table":{"lib":string,"map":[[u64,u64],...],"aslr_reference":u64,
 * "new_base_address":u64,"ifunc_count":0}}}. Client to server: text frames holding one JSON object whose {@code kind}
 * is {@code hello}, {@code log} or {@code applied}.
 *
 * <p>Every u64 is written as a plain JSON integer (values at or above 2^63 included, never quoted or in exponent form)
 * and read back with its exact 64 bits. Decoders reject anything else with a {@link MalformedMessageException} naming
 * the field. The class is stateless and thread-safe.
 */
public final class WireCodec {

    /** Bytes of the big-endian length prefix in front of the JSON header of a patch frame. */
    public static final int LENGTH_PREFIX_BYTES = Long.BYTES;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private WireCodec() {
    }

    /**
     * Encodes {@code frame} as one binary message, ready to be sent to any number of clients.
     *
     * @throws IllegalArgumentException if the frame would exceed {@link Integer#MAX_VALUE} bytes
     */
    public static byte[] encodePatch(PatchFrame frame) {
        byte[] header = encodeHeader(frame);
        long total = (long) LENGTH_PREFIX_BYTES + header.length + frame.libraryLength();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("patch frame " + Long.toUnsignedString(frame.id()) + " would be "
                    + total + " bytes, more than the " + Integer.MAX_VALUE + " a Java array can hold");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total);
        out.putLong(header.length);
        out.put(header);
        frame.copyLibraryTo(out);
        return out.array();
    }

    private static byte[] encodeHeader(PatchFrame frame) {
        List<long[]> pairs = frame.map();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 48 * pairs.size());
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("kind", "patch");
            writeU64(json, "id", frame.id());
            json.writeObjectFieldStart("table");
            json.writeStringField("lib", frame.lib());
            json.writeArrayFieldStart("map");
            for (long[] pair : pairs) {
                json.writeStartArray();
                writeU64(json, pair[0]);
                writeU64(json, pair[1]);
                json.writeEndArray();
            }
            json.writeEndArray();
            writeU64(json, "aslr_reference", frame.aslrReference());
            writeU64(json, "new_base_address", frame.newBaseAddress());
            json.writeNumberField("ifunc_count", 0);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a JSON header to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void writeU64(JsonGenerator json, String name, long value) throws IOException {
        json.writeFieldName(name);
        writeU64(json, value);
    }

    private static void writeU64(JsonGenerator json, long value) throws IOException {
        if (value >= 0) {
            json.writeNumber(value);
        } else {
            // writeNumber(String) emits the digits unquoted, as a JSON integer above Long.MAX_VALUE.
            json.writeNumber(Long.toUnsignedString(value));
        }
    }

    /** Decodes a whole patch frame held in {@code frame}. */
    public static PatchFrame decodePatch(byte[] frame) {
        return decodePatch(ByteBuffer.wrap(frame));
    }

    /**
     * Decodes the patch frame between {@code frame}'s position and limit. The buffer's position is left unchanged.
     *
     * @throws MalformedMessageException if the frame is truncated, its header length is out of bounds, or the header
     *     is not a valid patch header; the message names the field and value
     */
    public static PatchFrame decodePatch(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate();
        if (in.remaining() < LENGTH_PREFIX_BYTES) {
            throw new MalformedMessageException("frame", "truncated patch frame: " + in.remaining()
                    + " bytes, expected at least " + LENGTH_PREFIX_BYTES + " for the header length");
        }
        long headerLength = in.getLong();
        if (headerLength < 0 || headerLength > in.remaining()) {
            throw new MalformedMessageException("frame", "truncated patch frame: header length "
                    + Long.toUnsignedString(headerLength) + " exceeds the " + in.remaining()
                    + " bytes after the length prefix");
        }
        byte[] header = new byte[(int) headerLength];
        in.get(header);
        byte[] library = new byte[in.remaining()];
        in.get(library);
        return decodeHeader(readTree(header), library);
    }

    private static PatchFrame decodeHeader(JsonNode root, byte[] library) {
        JsonFields header = JsonFields.of(root, "");
        String kind = header.requireString("kind");
        if (!kind.equals("patch")) {
            throw new MalformedMessageException("kind",
                    "kind is \"" + JsonFields.shorten(kind) + "\", expected \"patch\" in a binary frame");
        }
        long id = header.requireU64("id");
        JsonFields table = JsonFields.of(header.require("table"), "table");
        String lib = table.requireString("lib");
        List<long[]> map = decodeMap(table.require("map"), table.path("map"));
        long aslrReference = table.requireU64("aslr_reference");
        long newBaseAddress = table.requireU64("new_base_address");
        long ifuncCount = table.requireU64("ifunc_count");
        if (ifuncCount != 0) {
            throw new MalformedMessageException(table.path("ifunc_count"), table.path("ifunc_count") + " is "
                    + Long.toUnsignedString(ifuncCount) + ", but only 0 is supported (no IFUNC entries)");
        }
        return new PatchFrame(id, lib, map, aslrReference, newBaseAddress, library);
    }

    private static List<long[]> decodeMap(JsonNode node, String path) {
        if (!node.isArray()) {
            throw JsonFields.wrongType(path, "an array of [old, new] pairs", node);
        }
        List<long[]> pairs = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String entryPath = path + "[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isArray() || entry.size() != 2) {
                throw JsonFields.wrongType(entryPath, "a pair [old, new]", entry);
            }
            long oldAddress = JsonFields.toU64(entry.get(0), entryPath + "[0]");
            long newAddress = JsonFields.toU64(entry.get(1), entryPath + "[1]");
            pairs.add(new long[] {oldAddress, newAddress});
        }
        return pairs;
    }

    /**
     * Parses one client text frame.
     *
     * <p>{@code token} in a hello and {@code error} in an applied reply may be absent or null. Every other field is
     * required. {@code ts_micros} is a decimal string of a non-negative 64-bit signed value, because JSON numbers
     * lose precision in some client libraries.
     *
     * @throws MalformedMessageException if {@code json} is not a JSON object, its {@code kind} is unknown, or a field
     *     is missing, of the wrong type or out of range; the message names the field and value, never the token
     */
    public static ClientMessage parseClientMessage(String json) {
        JsonFields message = JsonFields.of(readTree(json), "");
        String kind = message.requireString("kind");
        return switch (kind) {
            case "hello" -> new ClientMessage.Hello(message.requireU64("aslr_reference"), readToken(message));
            case "log" -> new ClientMessage.Log(readStream(message), message.requireString("line"),
                    readMicros(message));
            case "applied" -> new ClientMessage.Applied(message.requireU64("id"), message.requireBoolean("ok"),
                    message.optionalString("error"));
            default -> throw new MalformedMessageException("kind", "unknown kind \"" + JsonFields.shorten(kind)
                    + "\"; expected hello, log or applied");
        };
    }

    /** Reads the token without ever putting its value into an exception message. */
    private static String readToken(JsonFields message) {
        JsonNode token = message.optional("token");
        if (token == null || token.isNull()) {
            return null;
        }
        if (!token.isTextual()) {
            throw new MalformedMessageException("token",
                    "token must be a string or null, got a " + token.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return token.textValue();
    }

    private static LogStream readStream(JsonFields message) {
        String stream = message.requireString("stream");
        for (LogStream candidate : LogStream.values()) {
            if (candidate.wireName().equals(stream)) {
                return candidate;
            }
        }
        throw new MalformedMessageException("stream",
                "stream is \"" + JsonFields.shorten(stream) + "\", expected \"stdout\" or \"stderr\"");
    }

    private static long readMicros(JsonFields message) {
        String text = message.requireString("ts_micros");
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedMessageException("ts_micros", "ts_micros is \"" + JsonFields.shorten(text)
                    + "\", expected a decimal string of microseconds since the Unix epoch");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("ts_micros",
                    "ts_micros is \"" + text + "\", larger than " + Long.MAX_VALUE + " microseconds");
        }
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw invalidJson(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    /**
     * Wraps a Jackson syntax error. Jackson quotes an unparseable bare word ({@code Unrecognized token 'abc'}), which
     * may be a session token sent without quotes, so that word is replaced by {@code '...'}.
     */
    private static MalformedMessageException invalidJson(IOException e) {
        String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
        String withoutInput = String.valueOf(reason).replaceAll("Unrecognized token '[^']*'", "Unrecognized token '...'");
        return new MalformedMessageException("$", "invalid JSON: " + JsonFields.shorten(withoutInput));
    }
}

package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecPatchTest {

    private static final ObjectMapper BIG_INTEGERS =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    static byte[] resource(String name) throws IOException {
        try (InputStream in = WireCodecPatchTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("test resource /fixtures/" + name + " not found");
            }
            return in.readAllBytes();
        }
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    @Test
    void goldenFrameDecodesToExpectedValues() throws IOException {
        byte[] golden = resource("patch-frame-v1.bin");
        JsonNode expected = BIG_INTEGERS.readTree(resource("patch-frame-v1.json"));
        JsonNode table = expected.get("header").get("table");

        PatchFrame frame = WireCodec.decodePatch(golden);

        assertEquals(expected.get("header").get("id").bigIntegerValue(), unsigned(frame.id()));
        assertEquals(table.get("lib").textValue(), frame.lib());
        assertEquals(table.get("map").size(), frame.map().size());
        for (int i = 0; i < frame.map().size(); i++) {
            long[] pair = frame.map().get(i);
            assertEquals(table.get("map").get(i).get(0).bigIntegerValue(), unsigned(pair[0]), "map[" + i + "][0]");
            assertEquals(table.get("map").get(i).get(1).bigIntegerValue(), unsigned(pair[1]), "map[" + i + "][1]");
        }
        assertEquals(table.get("aslr_reference").bigIntegerValue(), unsigned(frame.aslrReference()));
        assertEquals(table.get("new_base_address").bigIntegerValue(), unsigned(frame.newBaseAddress()));
        assertEquals(expected.get("library_length").intValue(), frame.libraryLength());
        byte[] firstBytes = HexFormat.of().parseHex(expected.get("library_first_bytes_hex").textValue());
        byte[] library = frame.library();
        for (int i = 0; i < firstBytes.length; i++) {
            assertEquals(firstBytes[i], library[i], "library byte " + i);
        }
        assertEquals(expected.get("header_length").intValue(), ByteBuffer.wrap(golden).getLong());
    }

    @Test
    void goldenFrameReencodesByteForByte() throws IOException {
        byte[] golden = resource("patch-frame-v1.bin");

        assertArrayEquals(golden, WireCodec.encodePatch(WireCodec.decodePatch(golden)));
    }

    @Test
    void roundTripKeepsAddressesAboveTwoToThe63() {
        PatchFrame frame = new PatchFrame(-1L, "patch-1.so",
                List.of(new long[] {Long.MIN_VALUE, -1L}, new long[] {0L, Long.MAX_VALUE}, new long[] {-4096L, 1L}),
                0xFFFF_8000_0000_1000L, Long.MIN_VALUE, new byte[] {1, 2, 3});

        byte[] encoded = WireCodec.encodePatch(frame);
        String header = new String(encoded, 8, (int) ByteBuffer.wrap(encoded).getLong(), StandardCharsets.UTF_8);

        assertEquals(frame, WireCodec.decodePatch(encoded));
        assertTrue(header.contains("[9223372036854775808,18446744073709551615]"), header);
        assertTrue(header.contains("\"id\":18446744073709551615"), header);
    }

    @Test
    void decodeLeavesBufferPositionUnchanged() throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(resource("patch-frame-v1.bin"));

        WireCodec.decodePatch(buffer);

        assertEquals(0, buffer.position());
    }

    @Test
    void emptyMapAndLibraryRoundTrip() {
        PatchFrame frame = new PatchFrame(0, "", List.of(), 0, 0, new byte[0]);

        assertEquals(frame, WireCodec.decodePatch(WireCodec.encodePatch(frame)));
    }

    @Test
    void frameShorterThanPrefixIsTruncated() {
        for (int length = 0; length < 8; length++) {
            byte[] frame = new byte[length];
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> WireCodec.decodePatch(frame));
            assertEquals("frame", e.field());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void headerLengthPastEndIsTruncated() throws IOException {
        byte[] golden = resource("patch-frame-v1.bin");
        byte[] cut = Arrays.copyOf(golden, 8 + 100);

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> WireCodec.decodePatch(cut));

        assertEquals("frame", e.field());
        assertTrue(e.getMessage().contains("header length 220 exceeds the 100 bytes"), e.getMessage());
    }

    @Test
    void headerLengthAboveTwoToThe63IsTruncated() throws IOException {
        byte[] frame = resource("patch-frame-v1.bin");
        ByteBuffer.wrap(frame).putLong(-1L);

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> WireCodec.decodePatch(frame));

        assertTrue(e.getMessage().contains("header length 18446744073709551615"), e.getMessage());
    }

    /** Replaces {@code from} with {@code to} in the golden header and fixes the length prefix. */
    private static byte[] goldenWith(String from, String to) throws IOException {
        byte[] golden = resource("patch-frame-v1.bin");
        int headerLength = (int) ByteBuffer.wrap(golden).getLong();
        String header = new String(golden, 8, headerLength, StandardCharsets.UTF_8);
        if (!header.contains(from)) {
            throw new IllegalArgumentException(from + " is not in the golden header " + header);
        }
        byte[] newHeader = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(golden.length - headerLength + newHeader.length);
        out.putLong(newHeader.length).put(newHeader).put(golden, 8 + headerLength, golden.length - 8 - headerLength);
        return out.array();
    }

    private static MalformedMessageException decodeFails(String from, String to) throws IOException {
        byte[] frame = goldenWith(from, to);
        return assertThrows(MalformedMessageException.class, () -> WireCodec.decodePatch(frame));
    }

    @Test
    void addressOfTwoToThe64IsRejected() throws IOException {
        MalformedMessageException e = decodeFails("18446744073709551615", "18446744073709551616");

        assertEquals("table.map[2][0]", e.field());
        assertTrue(e.getMessage().contains("18446744073709551616"), e.getMessage());
    }

    @Test
    void negativeAddressIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("\"aslr_reference\":94558269996032", "\"aslr_reference\":-1");

        assertEquals("table.aslr_reference", e.field());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void fractionalAddressIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("\"new_base_address\":65536", "\"new_base_address\":65536.5");

        assertEquals("table.new_base_address", e.field());
        assertTrue(e.getMessage().contains("65536.5"), e.getMessage());
    }

    @Test
    void quotedIdIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("\"id\":7", "\"id\":\"7\"");

        assertEquals("id", e.field());
        assertTrue(e.getMessage().contains("string \"7\""), e.getMessage());
    }

    @Test
    void wrongKindIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("\"kind\":\"patch\"", "\"kind\":\"hello\"");

        assertEquals("kind", e.field());
        assertTrue(e.getMessage().contains("\"hello\""), e.getMessage());
    }

    @Test
    void missingLibIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("\"lib\":\"patches/patch-7.so\",", "");

        assertEquals("table.lib", e.field());
        assertTrue(e.getMessage().contains("missing field table.lib"), e.getMessage());
    }

    @Test
    void mapEntryOfThreeIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("[4096,73728]", "[4096,73728,1]");

        assertEquals("table.map[0]", e.field());
    }

    @Test
    void nonZeroIfuncCountIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("\"ifunc_count\":0", "\"ifunc_count\":2");

        assertEquals("table.ifunc_count", e.field());
        assertTrue(e.getMessage().contains("is 2"), e.getMessage());
    }

    @Test
    void headerThatIsNotJsonIsRejected() throws IOException {
        MalformedMessageException e = decodeFails("{\"kind\"", "{kind");

        assertEquals("$", e.field());
        assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
    }

    @Test
    void mapEntryNotPairIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PatchFrame(1, "a", List.of(new long[] {1}), 0, 0, new byte[0]));

        assertTrue(e.getMessage().contains("map[0] has 1 elements"), e.getMessage());
    }
}

package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireCodecClientMessageTest {

    private static MalformedMessageException parseFails(String json) {
        return assertThrows(MalformedMessageException.class, () -> WireCodec.parseClientMessage(json));
    }

    @Test
    void helloWithTokenParses() {
        ClientMessage message = WireCodec.parseClientMessage(
                "{\"kind\":\"hello\",\"aslr_reference\":18446744073709551615,\"token\":\"abc\"}");

        assertEquals(new ClientMessage.Hello(-1L, "abc"), message);
    }

    @Test
    void helloWithNullOrAbsentTokenParses() {
        ClientMessage withNull = WireCodec.parseClientMessage(
                "{\"kind\":\"hello\",\"aslr_reference\":94558269996032,\"token\":null}");
        ClientMessage absent = WireCodec.parseClientMessage("{\"kind\":\"hello\",\"aslr_reference\":4096}");

        assertEquals(new ClientMessage.Hello(94558269996032L, null), withNull);
        assertEquals(new ClientMessage.Hello(4096L, null), absent);
    }

    @Test
    void helloToStringHidesToken() {
        String text = new ClientMessage.Hello(1, "s3cret-token").toString();

        assertFalse(text.contains("s3cret-token"), text);
        assertTrue(text.contains("present"), text);
    }

    @Test
    void helloTokenOfWrongTypeOmitsValue() {
        MalformedMessageException e = parseFails("{\"kind\":\"hello\",\"aslr_reference\":1,\"token\":987654321}");

        assertEquals("token", e.field());
        assertFalse(e.getMessage().contains("987654321"), e.getMessage());
    }

    @Test
    void helloWithoutAslrReferenceIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"hello\",\"token\":null}");

        assertEquals("aslr_reference", e.field());
        assertEquals("missing field aslr_reference", e.getMessage());
    }

    @Test
    void helloWithAslrOutOfRangeIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"hello\",\"aslr_reference\":18446744073709551616}");

        assertEquals("aslr_reference", e.field());
        assertTrue(e.getMessage().contains("18446744073709551616"), e.getMessage());
    }

    @Test
    void logParses() {
        ClientMessage message = WireCodec.parseClientMessage(
                "{\"kind\":\"log\",\"stream\":\"stderr\",\"line\":\"tick 3\",\"ts_micros\":\"1733300000123456\"}");

        assertEquals(new ClientMessage.Log(LogStream.STDERR, "tick 3", 1733300000123456L), message);
    }

    @Test
    void logWithNumericTimestampIsRejected() {
        MalformedMessageException e = parseFails(
                "{\"kind\":\"log\",\"stream\":\"stdout\",\"line\":\"x\",\"ts_micros\":17}");

        assertEquals("ts_micros", e.field());
        assertTrue(e.getMessage().contains("number 17"), e.getMessage());
    }

    @Test
    void logWithNonDecimalTimestampIsRejected() {
        for (String value : new String[] {"", "-5", "1.5", "12a", "99999999999999999999"}) {
            MalformedMessageException e = parseFails(
                    "{\"kind\":\"log\",\"stream\":\"stdout\",\"line\":\"x\",\"ts_micros\":\"" + value + "\"}");

            assertEquals("ts_micros", e.field(), value);
            assertTrue(e.getMessage().contains("\"" + value + "\""), e.getMessage());
        }
    }

    @Test
    void logTimestampAboveLongMaxIsRejected() {
        MalformedMessageException e = parseFails(
                "{\"kind\":\"log\",\"stream\":\"stdout\",\"line\":\"x\",\"ts_micros\":\"9223372036854775808\"}");

        assertEquals("ts_micros", e.field());
    }

    @Test
    void logWithUnknownStreamIsRejected() {
        MalformedMessageException e = parseFails(
                "{\"kind\":\"log\",\"stream\":\"stdin\",\"line\":\"x\",\"ts_micros\":\"1\"}");

        assertEquals("stream", e.field());
        assertTrue(e.getMessage().contains("\"stdin\""), e.getMessage());
    }

    @Test
    void logWithoutLineIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"log\",\"stream\":\"stdout\",\"ts_micros\":\"1\"}");

        assertEquals("line", e.field());
    }

    @Test
    void appliedParses() {
        assertEquals(new ClientMessage.Applied(9, true, null),
                WireCodec.parseClientMessage("{\"kind\":\"applied\",\"id\":9,\"ok\":true,\"error\":null}"));
        assertEquals(new ClientMessage.Applied(10, false, "dlopen failed"),
                WireCodec.parseClientMessage("{\"kind\":\"applied\",\"id\":10,\"ok\":false,\"error\":\"dlopen failed\"}"));
    }

    @Test
    void appliedWithStringOkIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"applied\",\"id\":9,\"ok\":\"yes\"}");

        assertEquals("ok", e.field());
        assertTrue(e.getMessage().contains("string \"yes\""), e.getMessage());
    }

    @Test
    void unknownKindIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"patch\"}");

        assertEquals("kind", e.field());
        assertTrue(e.getMessage().contains("unknown kind \"patch\""), e.getMessage());
    }

    @Test
    void missingKindIsRejected() {
        MalformedMessageException e = parseFails("{\"aslr_reference\":1}");

        assertEquals("kind", e.field());
    }

    @Test
    void nonObjectIsRejected() {
        for (String json : new String[] {"[]", "42", "\"hello\"", "null", ""}) {
            MalformedMessageException e = parseFails(json);

            assertEquals("$", e.field(), json);
        }
    }

    @Test
    void invalidJsonIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"hello\",");

        assertEquals("$", e.field());
        assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
    }

    @Test
    void trailingContentIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"hello\",\"aslr_reference\":1} {}");

        assertEquals("$", e.field());
    }

    @Test
    void duplicateFieldIsRejected() {
        MalformedMessageException e = parseFails("{\"kind\":\"hello\",\"aslr_reference\":1,\"aslr_reference\":2}");

        assertTrue(e.getMessage().contains("aslr_reference"), e.getMessage());
    }

    @Test
    void longValueIsShortenedInMessage() {
        String longKind = "k".repeat(10_000);

        MalformedMessageException e = parseFails("{\"kind\":\"" + longKind + "\"}");

        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void unknownFieldIsIgnored() {
        ClientMessage message = WireCodec.parseClientMessage(
                "{\"kind\":\"applied\",\"id\":1,\"ok\":true,\"elapsed_micros\":\"5\"}");

        assertEquals(new ClientMessage.Applied(1, true, null), message);
    }

    @Test
    void invalidJsonMessageOmitsToken() {
        MalformedMessageException unterminated = parseFails("{\"kind\":\"hello\",\"token\":\"s3cret-token");
        MalformedMessageException unquoted = parseFails("{\"kind\":\"hello\",\"token\":s3cret-token}");

        assertFalse(unterminated.getMessage().contains("s3cret"), unterminated.getMessage());
        assertFalse(unquoted.getMessage().contains("s3cret"), unquoted.getMessage());
        assertTrue(unquoted.getMessage().contains("Unrecognized token '...'"), unquoted.getMessage());
    }
}

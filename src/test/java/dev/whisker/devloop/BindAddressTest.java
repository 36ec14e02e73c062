package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BindAddressTest {

    @Test
    void hostAndPortAreParsed() {
        assertEquals(new BindAddress("127.0.0.1", 9876), BindAddress.parse("127.0.0.1:9876"));
    }

    @Test
    void portZeroIsAllowed() {
        assertEquals(0, BindAddress.parse("localhost:0").port());
    }

    @Test
    void bracketedIpv6IsParsed() {
        BindAddress address = BindAddress.parse("[::1]:9000");
        assertEquals("::1", address.host());
        assertEquals("[::1]:9000", address.toString());
    }

    @Test
    void missingPortIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> BindAddress.parse("127.0.0.1"));
        assertEquals("bind", error.parameter());
        assertTrue(error.getMessage().contains("'127.0.0.1'"), error.getMessage());
    }

    @Test
    void nonNumericPortIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> BindAddress.parse("host:http"));
        assertTrue(error.getMessage().contains("'http' is not a number"), error.getMessage());
    }

    @Test
    void portAboveRangeIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> BindAddress.parse("host:65536"));
        assertTrue(error.getMessage().contains("65536"), error.getMessage());
    }

    @Test
    void unbracketedIpv6IsRejected() {
        assertThrows(InvalidParameterException.class, () -> BindAddress.parse("::1:9000"));
    }

    @Test
    void loopbackIsDetected() {
        assertTrue(BindAddress.parse("127.0.0.1:1").isLoopback());
        assertTrue(BindAddress.parse("[::1]:1").isLoopback());
        assertFalse(BindAddress.parse("0.0.0.0:1").isLoopback());
    }
}

package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    @Test
    void ipv6IsFormattedInBracketsAndShort() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("::1"), 43511);

        assertEquals("[::1]:43511", BindAddress.format(loopback));
    }

    @Test
    void ipv4IsFormattedAsIs() throws Exception {
        assertEquals("127.0.0.1:9876", BindAddress.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9876)));
    }

    @Test
    void compressReplacesLongestZeroRun() {
        assertEquals("::", BindAddress.compress("0:0:0:0:0:0:0:0"));
        assertEquals("fe80::1%eth0", BindAddress.compress("fe80:0:0:0:0:0:0:1%eth0"));
        assertEquals("1:0:2::3", BindAddress.compress("1:0:2:0:0:0:0:3"));
        assertEquals("1:2:3:4:5:6:0:8", BindAddress.compress("1:2:3:4:5:6:0:8"));
    }

    @Test
    void unknownHostNamesHostAndParameter() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> BindAddress.parse("no-such-host.invalid:9876").resolve());

        assertEquals("bind", error.parameter());
        assertTrue(error.getMessage().contains("'no-such-host.invalid'"), error.getMessage());
        assertTrue(error.getMessage().contains("was not found"), error.getMessage());
        assertTrue(error.getMessage().contains("whisker.bind"), error.getMessage());
    }
}

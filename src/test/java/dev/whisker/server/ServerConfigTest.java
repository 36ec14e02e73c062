package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsMatchDocumentedLimits() {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0, Optional.empty());

        assertEquals(1 << 20, config.maxTextFrameBytes());
        assertEquals(Duration.ofSeconds(10), config.helloTimeout());
        assertEquals(64L << 20, config.maxQueuedBytes());
        assertEquals(List.of(), config.allowedOrigins());
    }

    @Test
    void toStringHidesToken() {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0, Optional.of("s3cret-token"));

        assertFalse(config.toString().contains("s3cret-token"), config.toString());
        assertTrue(config.toString().contains("token=set"), config.toString());
    }

    @Test
    void portOutOfRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.of("127.0.0.1", 65_536, Optional.empty()));

        assertTrue(e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void emptyTokenIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.of("127.0.0.1", 0, Optional.of("")));

        assertTrue(e.getMessage().contains("token is empty"), e.getMessage());
    }

    @Test
    void nonPositiveLimitsAreRejected() {
        ServerConfig config = ServerConfig.of("127.0.0.1", 0, Optional.empty());

        assertThrows(IllegalArgumentException.class, () -> config.withHelloTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> config.withMaxQueuedBytes(0));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig("127.0.0.1", 0, Optional.empty(), List.of(), 0));
    }

    @Test
    void utf8LengthCountsEncodedBytes() {
        for (String text : new String[] {"", "abc", "\u00e9", "\u20ac", "\uD83D\uDE00", "a\u00e9\u20ac\uD83D\uDE00"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.encodedLength(text), text);
        }
    }
}

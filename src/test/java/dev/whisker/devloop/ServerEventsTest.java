package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.server.ServerEvent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerEventsTest {

    private long nowNanos;
    private final List<Event> events = new ArrayList<>();
    private final ServerEvents mapper = new ServerEvents(events::add, () -> { }, () -> this.nowNanos);

    @Test
    void connectionErrorBecomesDetail() {
        mapper.accept(new ServerEvent.ConnectionError(4, "java.nio.channels.ClosedChannelException"));

        assertEquals(1, events.size());
        Event.Detail detail = assertInstanceOf(Event.Detail.class, events.get(0));
        assertTrue(detail.message().contains("client 4"), detail.message());
        assertTrue(detail.message().contains("ClosedChannelException"), detail.message());
    }

    @Test
    void failedApplyWarnsWithReasonAndR() {
        mapper.accept(new ServerEvent.PatchApplied(2, 9, false, "dlopen failed: undefined symbol foo"));

        Event.Warning warning = assertInstanceOf(Event.Warning.class, events.get(0));
        assertTrue(warning.message().contains("patch 9"), warning.message());
        assertTrue(warning.message().contains("dlopen failed: undefined symbol foo"), warning.message());
        assertTrue(warning.message().contains("Press R"), warning.message());
    }

    @Test
    void unauthenticatedClientsAreNotCounted() {
        mapper.accept(new ServerEvent.ClientConnected(1, new InetSocketAddress("127.0.0.1", 5000), 1));
        mapper.accept(new ServerEvent.ClientConnected(2, new InetSocketAddress("127.0.0.1", 5001), 2));
        mapper.accept(new ServerEvent.HelloAccepted(2, 0x1000));
        mapper.accept(new ServerEvent.Disconnected(1, 1, 1000, ""));
        mapper.accept(new ServerEvent.Disconnected(2, 0, 1000, ""));

        assertEquals(1, assertInstanceOf(Event.ClientReady.class, events.get(2)).count());
        assertInstanceOf(Event.Detail.class, events.get(3));
        Event.ClientDisconnected gone = assertInstanceOf(Event.ClientDisconnected.class, events.get(4));
        assertEquals("2", gone.clientId());
        assertEquals(0, gone.count());
    }

    @Test
    void repeatedRejectionsWarnOncePerMinute() {
        for (int client = 1; client <= 300; client++) {
            mapper.accept(new ServerEvent.AuthRejected(client, "wrong token"));
        }
        nowNanos += ServerEvents.REJECTION_SUMMARY_INTERVAL.toNanos();
        mapper.accept(new ServerEvent.AuthRejected(301, "wrong token"));

        List<Event> warnings = events.stream()
                .filter(event -> event instanceof Event.Warning || event instanceof Event.ClientRejected).toList();
        assertEquals(2, warnings.size(), warnings.toString());
        assertInstanceOf(Event.ClientRejected.class, warnings.get(0));
        assertTrue(warnings.get(1).message().startsWith("Rejected 300 more clients"), warnings.get(1).message());
    }
}

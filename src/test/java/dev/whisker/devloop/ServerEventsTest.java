package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.server.ServerEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerEventsTest {

    private final List<Event> events = new ArrayList<>();
    private final ServerEvents mapper = new ServerEvents(events::add, () -> 0, () -> { });

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
}

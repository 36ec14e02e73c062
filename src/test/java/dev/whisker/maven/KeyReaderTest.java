package dev.whisker.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.devloop.DevCommand;
import dev.whisker.devloop.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyReaderTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void keysBecomeCommandsAndUnknownInputWarns() throws Exception {
        BlockingQueue<DevCommand> commands = new LinkedBlockingQueue<>();
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        byte[] input = "R\n\nhello\nq\n".getBytes(StandardCharsets.UTF_8);

        KeyReader.start(new ByteArrayInputStream(input), commands::add, events::add);

        assertEquals(DevCommand.FULL_RELOAD, commands.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(DevCommand.QUIT, commands.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        Event warning = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(Event.Warning.class, warning);
        assertTrue(warning.message().contains("'hello'"), warning.message());
        Event closed = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(closed, "end of input is reported");
        assertTrue(closed.message().contains("closed"), closed.message());
    }
}

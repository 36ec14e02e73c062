package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandFileFeederTest {

    @TempDir
    Path dir;

    @Test
    void linesAreDeliveredOnePerHello() throws Exception {
        Path file = Files.writeString(dir.resolve("keys.txt"), "R\n\nq\n");
        List<DevCommand> commands = new ArrayList<>();
        CommandFileFeeder feeder = new CommandFileFeeder(file, commands::add, event -> { });

        feeder.helloAccepted();
        feeder.helloAccepted();
        feeder.helloAccepted();

        assertEquals(List.of(DevCommand.FULL_RELOAD, DevCommand.QUIT), commands);
    }

    @Test
    void deletedFileWarnsWithReason() throws Exception {
        Path file = dir.resolve("keys.txt");
        List<Event> events = new ArrayList<>();
        CommandFileFeeder feeder = new CommandFileFeeder(file, command -> { }, events::add);

        feeder.helloAccepted();

        assertEquals(List.of(new Event.Warning("Cannot read the command file " + file + ": file not found")), events);
    }
}

package dev.whisker.devloop;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds the lines of the command file to the loop as keys, one line per accepted hello: the first
 * line once an app has connected, the next once an app has connected again, and so on. Tying each
 * key to a hello means {@code R} always reaches a running, connected app, and {@code R} followed by
 * {@code q} restarts the app once and quits after the new app connected. The file is read again at
 * every hello, so lines appended while the loop runs are used too. Blank lines are skipped.
 */
final class CommandFileFeeder {

    private final Path file;
    private final Consumer<DevCommand> commands;
    private final Consumer<Event> events;
    private int delivered;

    CommandFileFeeder(Path file, Consumer<DevCommand> commands, Consumer<Event> events) {
        this.file = file;
        this.commands = commands;
        this.events = events;
    }

    /** Delivers the next unread line, if any; called after each accepted hello. */
    synchronized void helloAccepted() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            events.accept(new Event.Warning("Cannot read the command file " + file + ": " + reason(e)));
            return;
        }
        if (delivered >= lines.size()) {
            return;
        }
        String line = lines.get(delivered++);
        Optional<DevCommand> command = DevCommand.parseKey(line);
        if (command.isEmpty()) {
            events.accept(new Event.Warning("Ignored line '" + line.strip() + "' of the command file " + file
                    + ": expected r, R or q"));
            return;
        }
        events.accept(new Event.Notice("Command file: " + line.strip()));
        commands.accept(command.get());
    }

    /** Returns why reading failed; the messages of the NIO exceptions are only the path. */
    static String reason(IOException error) {
        if (error instanceof NoSuchFileException) {
            return "file not found";
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}

package dev.whisker.maven;

import dev.whisker.devloop.DevCommand;
import dev.whisker.devloop.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads keys ({@code r}, {@code R}, {@code q}, each followed by Enter) from standard input on a
 * daemon thread. When standard input is at end of file, as in CI or under the Maven Invoker, the
 * thread ends at its first read and the loop runs without keys. Being a daemon, the thread never
 * keeps the JVM alive while it waits for input.
 */
final class KeyReader {

    private KeyReader() {
    }

    /** Starts the reader thread. */
    static void start(InputStream in, Consumer<DevCommand> commands, Consumer<Event> events) {
        Thread thread = new Thread(() -> read(in, commands, events), "whisker-keys");
        thread.setDaemon(true);
        thread.start();
    }

    private static void read(InputStream in, Consumer<DevCommand> commands, Consumer<Event> events) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                handle(line, commands, events);
            }
            events.accept(new Event.Detail("Standard input is closed; keys are off"));
        } catch (IOException e) {
            events.accept(new Event.Detail("Cannot read standard input, keys are off: " + e.getMessage()));
        }
    }

    private static void handle(String line, Consumer<DevCommand> commands, Consumer<Event> events) {
        if (line.isBlank()) {
            return;
        }
        Optional<DevCommand> command = DevCommand.parseKey(line);
        if (command.isPresent()) {
            commands.accept(command.get());
        } else {
            events.accept(new Event.Warning("Unknown key '" + line.strip()
                    + "'. Keys: r + Enter hot reload, R + Enter full reload, q + Enter quit"));
        }
    }
}

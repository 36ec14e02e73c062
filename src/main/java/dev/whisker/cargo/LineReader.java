package dev.whisker.cargo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads a child's output stream line by line on a daemon thread of its own. */
final class LineReader {

    private LineReader() {
    }

    /**
     * Starts a thread that passes each line of {@code stream} (UTF-8, terminator removed) to
     * {@code sink} and closes the stream at its end. A read error ends the thread quietly: it
     * means the process is gone, which its exit reports. A line whose {@code sink} call throws is
     * dropped and reading goes on, because a child whose pipe is no longer read blocks once the
     * pipe buffer is full.
     */
    static Thread start(InputStream stream, String threadName, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    deliver(sink, line);
                }
            } catch (IOException e) {
                // The stream was closed because the process ended or was destroyed.
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void deliver(Consumer<String> sink, String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            // NOTE: the failure is lost, because this package has no log; the listener owns
            // its own error handling.
        }
    }
}

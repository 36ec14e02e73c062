package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Listener that keeps every event and lets a test wait, with a deadline, for one that matches. */
final class EventRecorder implements ServerListener {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ServerEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(ServerEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<ServerEvent> all() {
        return List.copyOf(events);
    }

    <T extends ServerEvent> T await(Class<T> type) {
        return await(type, event -> true);
    }

    /** Returns the first recorded event of {@code type} matching {@code filter}, waiting up to {@link #WAIT}. */
    synchronized <T extends ServerEvent> T await(Class<T> type, Predicate<T> filter) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (ServerEvent event : events) {
                if (type.isInstance(event) && filter.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("no " + type.getSimpleName() + " event within " + WAIT + "; events: " + events);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while waiting for " + type.getSimpleName());
            }
        }
    }

    /** Returns the recorded events of {@code type}, without waiting. */
    synchronized <T extends ServerEvent> List<T> ofType(Class<T> type) {
        List<T> matches = new ArrayList<>();
        for (ServerEvent event : events) {
            if (type.isInstance(event)) {
                matches.add(type.cast(event));
            }
        }
        return matches;
    }
}

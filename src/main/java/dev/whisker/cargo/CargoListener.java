package dev.whisker.cargo;

/**
 * Receives {@link CargoEvent}s. Called from the build thread and from the app's reader threads,
 * possibly concurrently, so an implementation must be thread-safe and must not block for long.
 */
@FunctionalInterface
public interface CargoListener {

    /** Receives one event. */
    void onEvent(CargoEvent event);

    /** Returns a listener that drops every event. */
    static CargoListener ignoring() {
        return event -> { };
    }
}

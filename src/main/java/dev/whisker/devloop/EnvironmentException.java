package dev.whisker.devloop;

/**
 * Thrown when a tool or the machine fails rather than the user's input or code: {@code cargo} not
 * installed, a process that cannot start, a socket error. The message explains how to fix it.
 */
public class EnvironmentException extends DevLoopException {

    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}

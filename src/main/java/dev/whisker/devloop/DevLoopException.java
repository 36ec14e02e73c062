package dev.whisker.devloop;

/**
 * Base of the typed failures the dev loop reports to its caller, so an adapter such as the Maven
 * goal translates each kind once: bad input, the user's code, or a broken tool or environment.
 */
public abstract class DevLoopException extends RuntimeException {

    protected DevLoopException(String message) {
        super(message);
    }

    protected DevLoopException(String message, Throwable cause) {
        super(message, cause);
    }
}

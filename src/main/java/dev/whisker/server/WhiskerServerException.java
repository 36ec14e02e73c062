package dev.whisker.server;

/** Thrown when the WebSocket endpoint cannot start or stop. */
public class WhiskerServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that says what failed and what to do next. */
    public WhiskerServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

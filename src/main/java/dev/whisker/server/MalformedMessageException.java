package dev.whisker.server;

/**
 * Thrown when a wire message does not match the protocol: invalid JSON, an unknown {@code kind}, a missing field,
 * a field of the wrong type, an integer outside its range, or a truncated binary frame.
 *
 * <p>The message names the field and the offending value, so a log line alone is enough to find the bad sender.
 * Values taken from a client are shortened before they go into the message, and a hello token is never included.
 */
public final class MalformedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates an exception for one field.
     *
     * @param field JSON path of the offending field (for example {@code table.map[2][0]}), or {@code frame} for framing
     * @param message full sentence naming the field, the value and what was expected
     */
    public MalformedMessageException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** JSON path of the offending field, or {@code frame} when the binary framing itself is broken. */
    public String field() {
        return field;
    }
}

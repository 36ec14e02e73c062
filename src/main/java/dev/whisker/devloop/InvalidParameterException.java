package dev.whisker.devloop;

/**
 * Thrown when a configuration value is invalid or points at something missing. The message states
 * the value and what is expected; {@link #parameter()} names the parameter so the caller can say
 * where to set it.
 */
public class InvalidParameterException extends DevLoopException {

    private final String parameter;
    private final String value;

    /**
     * @param parameter the parameter name without prefix, e.g. {@code bind}
     * @param value the rejected value as given, or {@code null} when it was not set
     * @param message the complete message: what is wrong with the value and what is expected
     */
    public InvalidParameterException(String parameter, String value, String message) {
        super(message);
        this.parameter = parameter;
        this.value = value;
    }

    /** Returns the parameter name without prefix, e.g. {@code manifestPath}. */
    public String parameter() {
        return parameter;
    }

    /** Returns the rejected value, or {@code null} when it was not set. */
    public String value() {
        return value;
    }
}

package dev.whisker.cargo;

/**
 * The fat build failed. The message is one line, because cargo's diagnostics were already
 * reported as {@link CargoEvent.CompilerMessage} and {@link CargoEvent.OutputLine} events.
 */
public final class BuildFailedException extends CargoException {

    private static final long serialVersionUID = 1L;

    public BuildFailedException(String message) {
        super(message, null);
    }

    public BuildFailedException(String message, Throwable cause) {
        super(message, null, cause);
    }
}

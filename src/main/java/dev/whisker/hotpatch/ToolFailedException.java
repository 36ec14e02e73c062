package dev.whisker.hotpatch;

import java.util.List;

/**
 * Raised when a tool (rustc, the linker) cannot be started, times out, or fails in a way that is not the
 * user's code: the patch cannot be built, but the dev loop goes on.
 */
public final class ToolFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;

    public ToolFailedException(List<String> command, String message, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
    }

    public ToolFailedException(List<String> command, String message) {
        this(command, message, null);
    }

    /** The command line that failed. */
    public List<String> command() {
        return command;
    }
}

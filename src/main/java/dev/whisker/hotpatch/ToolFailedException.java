package dev.whisker.hotpatch;

import java.util.List;

/**
 * Raised when a tool (rustc, the linker) cannot be started or times out. The user's code is not the
 * cause: the patch cannot be built, but the dev loop goes on.
 */
public final class ToolFailedException extends PatchFailedException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;

    public ToolFailedException(List<String> command, String message, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
    }

    public ToolFailedException(List<String> command, String message) {
        this(command, message, null);
    }

    /** Returns the command line that failed. */
    public List<String> command() {
        return command;
    }
}

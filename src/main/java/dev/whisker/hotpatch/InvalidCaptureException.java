package dev.whisker.hotpatch;

import java.nio.file.Path;

/**
 * Raised when a capture file of the fat build is missing or cannot be parsed. The message names the file
 * and tells the user to run a full rebuild, because only the fat build's shims write captures and a broken
 * one cannot be repaired by hand.
 */
public final class InvalidCaptureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public InvalidCaptureException(Path path, String problem) {
        super(problem + ": " + path + ". Run a full rebuild (key R) so the fat build captures it again.");
        this.path = path;
    }

    public InvalidCaptureException(Path path, String problem, Throwable cause) {
        this(path, problem);
        initCause(cause);
    }

    /** Returns the capture file or directory that is missing or invalid. */
    public Path path() {
        return path;
    }
}

package dev.whisker.hotpatch;

/**
 * Raised when a patch cannot be built for a reason that is not the user's code: a tool could not run or
 * timed out, an object file could not be read or written, or the work directory is not usable. The running
 * app is unaffected; the dev loop reports the message and waits for the next change.
 */
public class PatchFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public PatchFailedException(String message) {
        super(message);
    }
}

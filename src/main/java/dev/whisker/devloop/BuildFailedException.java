package dev.whisker.devloop;

/**
 * Thrown when the initial build of the user's crate fails. Cargo's diagnostics were already
 * reported as events; the message is a one-line reason.
 */
public class BuildFailedException extends DevLoopException {

    public BuildFailedException(String message) {
        super(message);
    }
}

package dev.whisker.devloop;

/**
 * Thrown when the loop's timeout ended it before the other stop conditions were met, for example a
 * test that expected a reload cycle that never completed.
 */
public class StopConditionNotMetException extends DevLoopException {

    public StopConditionNotMetException(String message) {
        super(message);
    }
}

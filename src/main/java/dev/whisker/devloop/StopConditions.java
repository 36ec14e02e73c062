package dev.whisker.devloop;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When the loop ends by itself, for CI and integration tests; all unset means it runs until the user
 * quits.
 *
 * <p>The loop stops once {@code afterCycles} reload cycles have completed and, if {@code outputMatch}
 * is set, a line of app output printed after that matches it. With only {@code outputMatch}, the
 * first matching line ends the loop. {@code timeout} ends the loop regardless; if another condition
 * was set but not met by then, the loop fails instead of ending normally, so a test that waited for
 * a reload cannot pass without one.
 *
 * @param afterCycles reload cycles (full reloads and patches) to complete; 0 for no limit
 * @param timeout how long the loop may run; {@link Duration#ZERO} for no limit
 * @param outputMatch a pattern searched for in each line of app output
 */
public record StopConditions(int afterCycles, Duration timeout, Optional<Pattern> outputMatch) {

    /** No automatic stop. */
    public static final StopConditions NONE = new StopConditions(0, Duration.ZERO, Optional.empty());

    /** Returns whether any condition other than the timeout is set. */
    public boolean hasGoal() {
        return afterCycles > 0 || outputMatch.isPresent();
    }

    /** Returns whether any condition is set. */
    public boolean isSet() {
        return hasGoal() || !timeout.isZero();
    }
}

package dev.whisker.devloop;

import java.util.function.Consumer;

/**
 * Tracks the {@link StopConditions} of a session and requests the stop once they are met, at most
 * once. Cycle completions come from the loop thread and output lines from the app's reader threads,
 * so every method is synchronized.
 */
final class StopTracker {

    private final StopConditions conditions;
    private final Consumer<LoopInput.Stop> stopRequest;
    private int cyclesDone;
    private boolean requested;

    StopTracker(StopConditions conditions, Consumer<LoopInput.Stop> stopRequest) {
        this.conditions = conditions;
        this.stopRequest = stopRequest;
    }

    /** Counts a completed reload cycle; stops when the cycle goal is met and no output pattern is set. */
    synchronized void cycleFinished() {
        cyclesDone++;
        if (conditions.afterCycles() > 0 && cycleGoalMet() && conditions.outputMatch().isEmpty()) {
            request(new LoopInput.Stop(cyclesDone + " reload cycles completed (whisker.stopAfterCycles)", null));
        }
    }

    /**
     * Checks one line of app output against the pattern. A line only counts once the cycle goal is
     * met, so the pattern matches output of the app started by the last counted cycle.
     */
    synchronized void appOutput(String line) {
        if (conditions.outputMatch().isEmpty() || !cycleGoalMet()) {
            return;
        }
        if (conditions.outputMatch().get().matcher(line).find()) {
            request(new LoopInput.Stop("app output matched '" + conditions.outputMatch().get() + "' (whisker.stopWhen)",
                    null));
        }
    }

    /** Ends the session at its timeout: a normal stop unless another condition is still unmet. */
    synchronized void timeoutReached() {
        String reason = "ran for " + conditions.timeout().toSeconds() + " s (whisker.stopAfterSeconds)";
        if (!conditions.hasGoal()) {
            request(new LoopInput.Stop(reason, null));
            return;
        }
        String unmet = "timed out after " + conditions.timeout().toSeconds() + " s (whisker.stopAfterSeconds) with "
                + cyclesDone + " of " + conditions.afterCycles() + " reload cycles done (whisker.stopAfterCycles)"
                + conditions.outputMatch().map(p -> " and no app output matching '" + p + "' (whisker.stopWhen)").orElse("");
        request(new LoopInput.Stop(reason, new StopConditionNotMetException("Stop condition not met: " + unmet)));
    }

    private boolean cycleGoalMet() {
        return cyclesDone >= conditions.afterCycles();
    }

    private void request(LoopInput.Stop stop) {
        if (!requested) {
            requested = true;
            stopRequest.accept(stop);
        }
    }
}

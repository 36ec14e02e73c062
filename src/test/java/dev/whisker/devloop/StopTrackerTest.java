package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StopTrackerTest {

    private final List<LoopInput.Stop> stops = new ArrayList<>();

    private StopTracker tracker(int cycles, long seconds, String regex) {
        Optional<Pattern> pattern = Optional.ofNullable(regex).map(Pattern::compile);
        return new StopTracker(new StopConditions(cycles, Duration.ofSeconds(seconds), pattern), stops::add);
    }

    @Test
    void cycleGoalStopsAfterLastCycle() {
        StopTracker tracker = tracker(2, 0, null);

        tracker.cycleFinished();
        assertEquals(0, stops.size());
        tracker.cycleFinished();

        assertEquals(1, stops.size());
        assertNull(stops.get(0).failure());
    }

    @Test
    void outputBeforeCycleGoalIsNotMatched() {
        StopTracker tracker = tracker(1, 0, "tick 2:");

        tracker.appOutput("tick 2: hello");
        assertEquals(0, stops.size(), "output of the app before the reload must not count");
        tracker.cycleFinished();
        assertEquals(0, stops.size(), "the cycle alone is not enough while a pattern is set");
        tracker.appOutput("tick 2: hello");

        assertEquals(1, stops.size());
    }

    @Test
    void patternAloneMatchesFirstLine() {
        StopTracker tracker = tracker(0, 0, "ready");

        tracker.appOutput("starting");
        tracker.appOutput("server ready on 8080");

        assertEquals(1, stops.size());
    }

    @Test
    void stopIsRequestedOnce() {
        StopTracker tracker = tracker(0, 0, "x");

        tracker.appOutput("x");
        tracker.appOutput("x");
        tracker.timeoutReached();

        assertEquals(1, stops.size());
    }

    @Test
    void timeoutAloneIsNormalStop() {
        tracker(0, 30, null).timeoutReached();

        assertNull(stops.get(0).failure());
    }

    @Test
    void timeoutWithUnmetGoalFails() {
        StopTracker tracker = tracker(1, 30, "tick");

        tracker.timeoutReached();

        StopConditionNotMetException failure = assertInstanceOf(StopConditionNotMetException.class, stops.get(0).failure());
        assertTrue(failure.getMessage().contains("0 of 1 reload cycles"), failure.getMessage());
        assertTrue(failure.getMessage().contains("'tick'"), failure.getMessage());
    }
}

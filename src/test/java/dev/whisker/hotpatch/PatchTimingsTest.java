package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatchTimingsTest {
    private final PatchTimings timings = new PatchTimings(Duration.ofMillis(300), Duration.ofMillis(20),
            Duration.ofMillis(2), Duration.ofMillis(40), Duration.ofMillis(5));

    @Test
    void totalAddsEveryStep() {
        assertEquals(Duration.ofMillis(367), timings.total());
    }

    @Test
    void slowestListsLargestFirst() {
        assertEquals(List.of(Map.entry("rustc", Duration.ofMillis(300)), Map.entry("link", Duration.ofMillis(40))),
                timings.slowest(2));
    }

    @Test
    void slowestCapsAtStepCount() {
        assertEquals(5, timings.slowest(9).size());
    }

    @Test
    void stepsKeepPipelineOrder() {
        assertEquals(List.of("rustc", "edits", "stub", "link", "table"), List.copyOf(timings.steps().keySet()));
    }
}

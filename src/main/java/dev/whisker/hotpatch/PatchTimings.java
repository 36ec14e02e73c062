package dev.whisker.hotpatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall time of each step of one patch build. Stub, link and table times are summed over the distinct
 * slides the build served.
 *
 * @param thinRustc the thin rustc compile
 * @param edits reading and editing the thin objects
 * @param stub writing the stub objects
 * @param link running the linker
 * @param table reading the patch libraries and building the jump tables
 */
public record PatchTimings(Duration thinRustc, Duration edits, Duration stub, Duration link, Duration table) {

    /** Returns the steps by name, in pipeline order. */
    public Map<String, Duration> steps() {
        Map<String, Duration> steps = new LinkedHashMap<>();
        steps.put("rustc", thinRustc);
        steps.put("edits", edits);
        steps.put("stub", stub);
        steps.put("link", link);
        steps.put("table", table);
        return steps;
    }

    public Duration total() {
        return thinRustc.plus(edits).plus(stub).plus(link).plus(table);
    }

    /** The {@code count} slowest steps, slowest first. */
    public List<Map.Entry<String, Duration>> slowest(int count) {
        List<Map.Entry<String, Duration>> entries = new ArrayList<>(steps().entrySet());
        entries.sort(Map.Entry.<String, Duration>comparingByValue(Comparator.naturalOrder()).reversed());
        return entries.subList(0, Math.min(count, entries.size()));
    }
}

package dev.whisker.hotpatch;

import java.util.List;
import java.util.Map;

/**
 * A built patch: one library per distinct slide.
 *
 * @param id the patch number, also carried by every artifact
 * @param artifacts the library for each requested runtime anchor address (the {@code aslr_reference} of a
 *     client's hello), keyed by that address
 * @param entries number of jump-table entries (the same for every artifact)
 * @param added functions defined by the patch that the host lacks (reachable only from patched code)
 * @param removed functions that this patch no longer defines. They are compared with the previous build, or
 *     for the first patch with the prewarm compile, and the list is empty when neither ran.
 * @param timings time spent per step
 * @param warnings things the user should know, such as an edit that mapped no function
 * @param crates the crates compiled into the patch, in build order (dependencies first); a crate name gets
 *     {@code (lib)} or {@code (bin)} appended when a package's lib and bin share it
 */
public record PatchResult(
        long id,
        Map<Long, PatchArtifact> artifacts,
        int entries,
        List<String> added,
        List<String> removed,
        PatchTimings timings,
        List<String> warnings,
        List<String> crates) implements PatchOutcome {

    public PatchResult {
        artifacts = Map.copyOf(artifacts);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        warnings = List.copyOf(warnings);
        crates = List.copyOf(crates);
    }

    /** A result that does not name its crates, for callers written before patches spanned several crates. */
    public PatchResult(long id, Map<Long, PatchArtifact> artifacts, int entries, List<String> added,
            List<String> removed, PatchTimings timings, List<String> warnings) {
        this(id, artifacts, entries, added, removed, timings, warnings, List.of());
    }
}

package dev.whisker.hotpatch;

import java.time.Duration;

/**
 * The thin rustc rejected the user's code. This is not a failure of the dev loop: the app keeps running its
 * current code and the next save is built as usual.
 *
 * @param diagnostics rustc's rendered diagnostics (its standard error), unchanged
 * @param elapsed time the failed compile took
 */
public record CompileFailed(String diagnostics, Duration elapsed) implements PatchOutcome {}

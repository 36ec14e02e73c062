package dev.whisker.hotpatch;

/**
 * Outcome of one {@link Patcher#build} call: patch libraries to push, the user's compile error, or a
 * reason the running app cannot take this change and needs a full rebuild and restart.
 */
public sealed interface PatchOutcome permits PatchResult, CompileFailed, NeedsFullReload {}

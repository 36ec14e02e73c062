package dev.whisker.hotpatch;

/**
 * The change cannot be expressed as a patch of the running process (a changed {@code Cargo.toml} or build
 * script, a {@code thread_local!} the host has no slot for, a symbol neither the host nor a system library
 * defines). The user is asked for a full rebuild and restart.
 *
 * @param reason one sentence for the user naming what blocks the patch
 */
public record NeedsFullReload(String reason) implements PatchOutcome {}

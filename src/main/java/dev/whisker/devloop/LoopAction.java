package dev.whisker.devloop;

import dev.whisker.watch.ChangeKind;

/** Action of the loop for a batch of changes. */
public enum LoopAction {
    /** Build a patch and push it to every connected app. */
    HOT_PATCH,
    /** Rebuild and restart the app without asking. */
    FULL_RELOAD,
    /** Tell the user that only a full reload applies the change, and wait for {@code R}. */
    PROMPT_FULL_RELOAD,
    /** Nothing the build reads changed. */
    IGNORE;

    /**
     * Decides the action for a batch in {@link Mode#HOT}: Rust source is patched when a patcher is
     * available and otherwise needs a full reload; a manifest change always needs one, because a
     * patch cannot add dependencies, features or build-script output. Other files of a package go
     * to the patcher, which has the build scripts' inputs, and are ignored without one.
     */
    public static LoopAction decideAction(ChangeKind kind, boolean patcherReady) {
        switch (kind) {
            case RUST_SOURCE:
                return patcherReady ? HOT_PATCH : PROMPT_FULL_RELOAD;
            case CARGO_MANIFEST:
                return PROMPT_FULL_RELOAD;
            case PACKAGE_FILE:
                // NOTE: without a patcher the build scripts' inputs are unknown, so a C file that
                // build.rs compiles is then not noticed until the next full reload.
                return patcherReady ? HOT_PATCH : IGNORE;
            default:
                return IGNORE;
        }
    }

    /**
     * Decides the action for a batch in any mode: {@link Mode#FULL} reloads on every Rust or manifest
     * change (it has no patcher to tell build-script inputs from data files, so it ignores other
     * package files), {@link Mode#OFF} ignores every batch, {@link Mode#HOT} follows
     * {@link #decideAction(ChangeKind, boolean)}.
     */
    public static LoopAction decideAction(ChangeKind kind, Mode mode, boolean patcherReady) {
        switch (mode) {
            case FULL:
                return kind == ChangeKind.RUST_SOURCE || kind == ChangeKind.CARGO_MANIFEST ? FULL_RELOAD : IGNORE;
            case OFF:
                return IGNORE;
            default:
                return decideAction(kind, patcherReady);
        }
    }
}

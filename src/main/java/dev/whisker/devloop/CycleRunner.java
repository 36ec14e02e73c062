package dev.whisker.devloop;

import dev.whisker.watch.ChangeBatch;

/**
 * The side effects the change loop drives. {@link ChangeLoop} calls these methods on its single
 * thread, one at a time, which is what keeps builds from overlapping.
 */
interface CycleRunner {

    /**
     * Rebuilds the crate and, when the build succeeds, restarts the app. A failed build keeps the old
     * app running.
     *
     * @return whether the build succeeded
     */
    boolean fullReload(int cycle, String reason) throws InterruptedException;

    /** Returns whether hot patches can be built now. */
    boolean patcherReady();

    /**
     * Builds a patch for {@code batch} and sends it to the connected apps.
     *
     * @return the outcome, so the loop can prompt for a full reload when needed
     */
    PatchOutcome hotPatch(int cycle, ChangeBatch batch) throws InterruptedException;

    /** Returns whether {@code pid} is the app process the loop started last. */
    boolean isCurrentApp(long pid);

    /** The outcome of {@link #hotPatch}. */
    enum PatchOutcome {
        APPLIED,
        COMPILE_FAILED,
        NEEDS_FULL_RELOAD
    }
}

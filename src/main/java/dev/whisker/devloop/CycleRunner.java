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
        /** The patch was sent to every connected app. */
        APPLIED,
        /** The change does not compile or a tool failed; the app keeps its code until the next save. */
        NOT_APPLIED,
        /** Only a rebuild and restart can apply the change; it stays pending for {@code R}. */
        NEEDS_FULL_RELOAD
    }
}

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

    /**
     * The outcome of {@link #hotPatch}.
     *
     * @param reason why only a full reload applies the change, for {@link Status#NEEDS_FULL_RELOAD}; empty otherwise
     */
    record PatchOutcome(Status status, String reason) {

        /** The patch was sent to every connected app. */
        static final PatchOutcome APPLIED = new PatchOutcome(Status.APPLIED, "");
        /** The change does not compile or a tool failed; the app keeps its code until the next save. */
        static final PatchOutcome NOT_APPLIED = new PatchOutcome(Status.NOT_APPLIED, "");
        /** No app has sent a hello, so the change stays pending for {@code r}. */
        static final PatchOutcome WAITING_FOR_CLIENT = new PatchOutcome(Status.WAITING_FOR_CLIENT, "");

        /** Only a rebuild and restart can apply the change, for {@code reason}. */
        static PatchOutcome needsFullReload(String reason) {
            return new PatchOutcome(Status.NEEDS_FULL_RELOAD, reason);
        }

        /** Kinds of outcome. */
        enum Status {
            APPLIED,
            NOT_APPLIED,
            WAITING_FOR_CLIENT,
            NEEDS_FULL_RELOAD
        }
    }
}

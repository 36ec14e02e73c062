package dev.whisker.devloop;

import dev.whisker.watch.ChangeBatch;

/** One item of the change loop's queue; every source of work goes through it, so work never overlaps. */
sealed interface LoopInput {

    /** A debounced batch from the watcher. */
    record FilesChanged(ChangeBatch batch) implements LoopInput {
    }

    /** A key from the user or a line of the command file. */
    record Command(DevCommand command) implements LoopInput {
    }

    /** An app process ended; its {@code pid} distinguishes the current app from one the loop already replaced. */
    record AppEnded(long pid, int exitCode) implements LoopInput {
    }

    /** Only a full reload can apply what the apps run now, for {@code reason}; sent with {@code autoRestart}. */
    record ReloadNeeded(String reason) implements LoopInput {
    }

    /** The loop must end; {@code failure} is set when a stop condition was not met in time. */
    record Stop(String reason, DevLoopException failure) implements LoopInput {
    }
}

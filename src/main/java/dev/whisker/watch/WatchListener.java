package dev.whisker.watch;

import java.io.IOException;

/**
 * Receives the watcher's results. Both methods are called on the watcher's own thread, one at a
 * time, so an implementation should only hand the value over (for example into a queue).
 */
public interface WatchListener {

    /** Called with each batch once its quiet window has passed. */
    void batchReady(ChangeBatch batch);

    /**
     * Called once when the watcher cannot continue, for example because a directory could not be
     * registered; no batches follow.
     */
    void watchFailed(IOException error);
}

package dev.whisker.watch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Receives the watcher's results. The methods are called on the watcher's own thread, one at a
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

    /**
     * Called when a directory cannot be read and is left out of the watch, for example because
     * its permissions deny the user. Changes below it are not reported; the other directories
     * are still watched. Directories found by {@link SourceWatcher#start} are reported on the
     * thread that calls it. The default does nothing.
     */
    default void pathSkipped(Path path, IOException error) {
    }
}

package dev.whisker.watch;

import java.nio.file.Path;

/** Thrown when a path to watch does not exist, so the watcher would silently miss its changes. */
public final class WatchPathNotFoundException extends RuntimeException {

    private final Path path;

    public WatchPathNotFoundException(Path path) {
        super("Watch path does not exist: " + path);
        this.path = path;
    }

    /** Returns the path that was requested but does not exist. */
    public Path path() {
        return path;
    }
}

package dev.whisker.devloop;

import java.nio.file.Path;

/**
 * Creates the {@link Patcher} for one fat build. A patcher is only valid for the binary whose
 * capture it read, so the session creates a new one after every successful build and closes the
 * previous one.
 */
@FunctionalInterface
public interface PatcherFactory {

    /**
     * Creates a patcher for the app built into {@code binary}.
     *
     * @param captureDir the capture directory of that build, with its {@code build.json}
     * @param binary the executable the session launches
     * @throws RuntimeException if the build cannot be patched; the session reports the message and
     *     falls back to prompting for full reloads until the next build
     */
    Patcher create(Path captureDir, Path binary);
}

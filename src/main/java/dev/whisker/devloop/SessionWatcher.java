package dev.whisker.devloop;

import dev.whisker.cargo.CargoPackage;
import dev.whisker.cargo.CargoProject;
import dev.whisker.watch.ChangeBatch;
import dev.whisker.watch.SourceWatcher;
import dev.whisker.watch.WatchListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Starts the source watcher of a session and reports what it watches and what it cannot. */
final class SessionWatcher {

    private SessionWatcher() {
    }

    /**
     * Starts watching the crate's sources, manifests and the {@code watch} extras, and hands each
     * batch to {@code loop}. Also passes the crate layout to {@code classifier} and lets it add the
     * files rustc reads to the watcher. Returns null in mode {@code off}, which watches nothing.
     *
     * @throws EnvironmentException if the watch service cannot be started
     */
    static SourceWatcher start(Config config, CargoProject project, ChangeClassifier classifier,
            Consumer<Event> events, Consumer<LoopInput> loop) {
        if (config.mode() == Mode.OFF) {
            events.accept(new Event.Notice("Watching nothing (mode off); press R + Enter to rebuild"));
            return null;
        }
        List<Path> roots = watchRoots(config, project, classifier);
        try {
            SourceWatcher started = SourceWatcher.start(roots, config.debounce(), new WatchListener() {
                @Override
                public void batchReady(ChangeBatch batch) {
                    loop.accept(new LoopInput.FilesChanged(batch));
                }

                @Override
                public void pathSkipped(Path path, IOException error) {
                    events.accept(new Event.Warning("Not watching " + path + ": " + error.getMessage()
                            + ". Saves below it are not seen; make it readable and restart the goal."));
                }

                @Override
                public void watchFailed(IOException error) {
                    events.accept(new Event.Warning("Stopped watching files: " + error
                            + ". Saves are no longer seen; press R + Enter after each change or restart the goal."));
                }
            });
            classifier.watchWith(started::watchFiles);
            events.accept(new Event.Detail("Watching " + roots));
            return started;
        } catch (IOException e) {
            throw new EnvironmentException("Cannot watch " + roots + ": " + e.getMessage()
                    + ". On Linux, raise fs.inotify.max_user_watches if the limit is reached", e);
        }
    }

    /** Returns the sources of the crate and its path dependencies, their manifests, the lock file and the extras. */
    private static List<Path> watchRoots(Config config, CargoProject project, ChangeClassifier classifier) {
        List<Path> roots = new ArrayList<>(project.sourceRoots());
        List<CargoPackage> packages = new ArrayList<>(project.pathDependencies());
        packages.add(0, project.selectedPackage());
        classifier.crateLayout(project.sourceRoots(), packages.stream().map(CargoPackage::manifestDir).toList());
        for (CargoPackage pkg : packages) {
            addIfExists(roots, pkg.manifestPath());
            addIfExists(roots, pkg.manifestDir().resolve("build.rs"));
        }
        addIfExists(roots, project.workspaceRoot().resolve("Cargo.lock"));
        for (Path extra : config.watch()) {
            if (!roots.contains(extra)) {
                roots.add(extra);
            }
        }
        return roots;
    }

    private static void addIfExists(List<Path> roots, Path file) {
        if (Files.exists(file) && !roots.contains(file)) {
            roots.add(file);
        }
    }
}

package dev.whisker.devloop;

import dev.whisker.watch.ChangeKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classifies saved files by more than their names: by the source roots and package directories of
 * the app's crates, and by the patch inputs of the current patcher (every file
 * rustc read for a crate, {@code include_str!} files included, possibly outside the source roots).
 * It also hands newly learned patch inputs to the watcher, because a patch that adds a module or an
 * included file extends the set.
 *
 * <p>The loop thread classifies while the build and watcher threads update, so the sets are replaced,
 * never changed in place.
 */
final class ChangeClassifier {

    /** Adds single files to the running watcher. */
    @FunctionalInterface
    interface FileWatch {
        void watchFiles(Collection<Path> files) throws IOException;
    }

    private volatile List<Path> sourceRoots = List.of();
    private volatile List<Path> packageDirs = List.of();
    private volatile Set<Path> patchInputs = Set.of();
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();
    private volatile FileWatch watch;

    /** Sets the crates' directories once the project is resolved. */
    void crateLayout(List<Path> sourceRoots, List<Path> packageDirs) {
        this.sourceRoots = List.copyOf(sourceRoots);
        this.packageDirs = List.copyOf(packageDirs);
    }

    /**
     * Starts handing patch inputs to {@code watch}: the ones known now and every later addition.
     *
     * @throws IOException when a directory of a patch input cannot be watched
     */
    void watchWith(FileWatch watch) throws IOException {
        this.watch = watch;
        watchNew(patchInputs);
    }

    /**
     * Replaces the patch inputs with the patcher's current set and watches the new ones.
     *
     * @throws IOException when a directory of a new patch input cannot be watched
     */
    void inputsRead(Set<Path> inputs) throws IOException {
        patchInputs = Set.copyOf(inputs);
        watchNew(inputs);
    }

    private void watchNew(Set<Path> inputs) throws IOException {
        FileWatch current = watch;
        if (current == null) {
            return;
        }
        List<Path> added = new ArrayList<>();
        for (Path file : inputs) {
            if (!watched.contains(file) && file.toFile().exists()) {
                added.add(file);
            }
        }
        if (!added.isEmpty()) {
            current.watchFiles(added);
            watched.addAll(added);
        }
    }

    /** Classifies {@code files} with the current layout and patch inputs. */
    ChangeKind classify(Collection<Path> files) {
        return classify(files, sourceRoots, packageDirs, patchInputs);
    }

    /**
     * Classifies a batch by its strongest file. A manifest or {@code build.rs} is
     * {@link ChangeKind#CARGO_MANIFEST}. A {@code .rs} file below a source root, or any patch input,
     * is {@link ChangeKind#RUST_SOURCE}, because a patch can express it. Any other file inside a
     * package directory is {@link ChangeKind#PACKAGE_FILE}, because a build script may read it, and only
     * the patcher has the build scripts' inputs. The rest is {@link ChangeKind#OTHER}.
     */
    static ChangeKind classify(Collection<Path> files, List<Path> sourceRoots, List<Path> packageDirs,
            Set<Path> patchInputs) {
        ChangeKind result = ChangeKind.OTHER;
        for (Path file : files) {
            ChangeKind kind = classify(file, sourceRoots, packageDirs, patchInputs);
            if (strength(kind) > strength(result)) {
                result = kind;
            }
        }
        return result;
    }

    private static int strength(ChangeKind kind) {
        switch (kind) {
            case CARGO_MANIFEST:
                return 3;
            case RUST_SOURCE:
                return 2;
            case PACKAGE_FILE:
                return 1;
            default:
                return 0;
        }
    }

    private static ChangeKind classify(Path file, List<Path> sourceRoots, List<Path> packageDirs,
            Set<Path> patchInputs) {
        ChangeKind byName = ChangeKind.of(file);
        if (byName == ChangeKind.CARGO_MANIFEST) {
            return byName;
        }
        boolean rustInRoot = byName == ChangeKind.RUST_SOURCE && (sourceRoots.isEmpty() || isBelow(file, sourceRoots));
        if (rustInRoot || isPatchInput(file, patchInputs)) {
            return ChangeKind.RUST_SOURCE;
        }
        return isBelow(file, packageDirs) ? ChangeKind.PACKAGE_FILE : ChangeKind.OTHER;
    }

    /**
     * Returns whether the patcher lists {@code file}. Its paths have symbolic links resolved, while the
     * watcher reports paths below the roots as configured, so both forms are tried.
     */
    static boolean isPatchInput(Path file, Set<Path> patchInputs) {
        return patchInputs.contains(file.toAbsolutePath().normalize()) || patchInputs.contains(realPath(file));
    }

    private static boolean isBelow(Path file, List<Path> dirs) {
        Path absolute = file.toAbsolutePath().normalize();
        Path real = realPath(file);
        return dirs.stream().anyMatch(dir -> absolute.startsWith(dir) || real.startsWith(dir));
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}

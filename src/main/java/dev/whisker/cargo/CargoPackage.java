package dev.whisker.cargo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One package of the workspace or a local path dependency, as {@code cargo metadata} lists it.
 *
 * @param id cargo's package id, which also appears in its JSON build messages
 * @param manifestPath absolute path of the package's {@code Cargo.toml}
 * @param local true when the package comes from the file system (its metadata {@code source} is
 *     null): a workspace member or a path dependency, whose sources the user may edit
 * @param defaultRun the {@code default-run} bin name from the manifest, if any
 */
public record CargoPackage(String id, String name, String version, Path manifestPath, boolean local,
        List<CargoTarget> targets, Optional<String> defaultRun) {

    public CargoPackage {
        targets = List.copyOf(targets);
    }

    /** Returns the directory that contains {@code Cargo.toml}. */
    public Path manifestDir() {
        return manifestPath.getParent();
    }

    /** Returns the bin targets. */
    public List<CargoTarget> binTargets() {
        return targets.stream().filter(CargoTarget::isBin).toList();
    }

    /** Returns the library target, if the package has one. */
    public Optional<CargoTarget> libraryTarget() {
        return targets.stream().filter(CargoTarget::isLibrary).findFirst();
    }

    /**
     * Returns the directories holding the crate root files of the package's lib and bin targets,
     * without directories nested inside another one of the list (so {@code src/bin} is covered by
     * {@code src}). Build scripts, tests, benches and examples are left out.
     */
    public List<Path> sourceRoots() {
        List<Path> roots = new ArrayList<>();
        for (CargoTarget target : targets) {
            if (target.isBin() || target.isLibrary()) {
                Path dir = target.srcPath().getParent();
                if (roots.stream().noneMatch(dir::startsWith)) {
                    roots.removeIf(root -> root.startsWith(dir));
                    roots.add(dir);
                }
            }
        }
        return List.copyOf(roots);
    }

    /**
     * Returns the source root the patcher uses for this package: the library's directory when
     * there is a library, otherwise the first bin's, otherwise the manifest directory.
     */
    public Path primarySourceRoot() {
        Optional<CargoTarget> main = libraryTarget().or(() -> binTargets().stream().findFirst());
        return main.map(target -> target.srcPath().getParent()).orElse(manifestDir());
    }
}

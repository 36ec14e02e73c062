package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The input files of each captured crate, read from the crates' dep-info files: first the fat build's,
 * then, for each rebuilt crate, the thin compile's, so a module added by a patch is known to later saves.
 * It maps saved files to the crates they change and finds the saves that only a full rebuild can express
 * (inputs of a build script).
 *
 * <p>Thread-safe: the dev loop may read {@link #files()} while a build updates the map.
 */
final class PatchInputs {

    /**
     * The crates a set of saved files changes, or the reason the files need a full rebuild.
     *
     * @param reloadReason set when a file is an input of a build script, so only a full rebuild is correct
     * @param edited capture keys of the crates whose inputs changed
     */
    record Scope(Optional<String> reloadReason, Set<String> edited) {}

    private final Map<String, Set<Path>> inputsByCrate = new LinkedHashMap<>();
    private final Map<String, Path> srcRootByCrate = new LinkedHashMap<>();
    private final List<BuildScriptInputs> buildScripts = new ArrayList<>();
    private final Path targetDir;

    private PatchInputs(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * Reads the fat build's dep-info and build script output of every captured crate.
     *
     * @throws PatchFailedException when a dep-info or build script output file cannot be read
     */
    static PatchInputs load(CrateGraph graph, BuildInfo build) {
        PatchInputs inputs = new PatchInputs(build.targetDir() == null ? null : Path.of(build.targetDir()));
        Set<String> scriptPackages = new LinkedHashSet<>();
        for (CrateGraph.Crate crate : graph.crates()) {
            Path cwd = crate.rustc().cwd();
            inputs.inputsByCrate.put(crate.key(), DepInfo.read(crate.depInfo(), cwd).orElse(Set.of()));
            if (scriptPackages.add(crate.packageName())) {
                BuildScriptInputs.of(crate.packageName(), crate.rustc()).ifPresent(inputs.buildScripts::add);
            }
        }
        for (BuildInfo.PackageInfo pkg : build.packages()) {
            if (pkg.key() != null && pkg.srcRoot() != null) {
                inputs.srcRootByCrate.put(pkg.key(), Path.of(pkg.srcRoot()).normalize());
            }
        }
        return inputs;
    }

    /** Replaces a crate's inputs with the ones its latest thin compile listed. */
    synchronized void update(String key, Set<Path> inputs) {
        inputsByCrate.put(key, Set.copyOf(inputs));
    }

    /**
     * Returns every input file of the captured crates, Rust and non-Rust ({@code include_str!},
     * {@code include_bytes!}), without files generated into the cargo target directory.
     */
    synchronized Set<Path> files() {
        Set<Path> files = new TreeSet<>();
        for (Set<Path> inputs : inputsByCrate.values()) {
            for (Path file : inputs) {
                if (targetDir == null || !file.startsWith(targetDir)) {
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** Returns whether some crate lists {@code file} (in {@link #canonical} form) as an input. */
    synchronized boolean isInput(Path file) {
        return inputsByCrate.values().stream().anyMatch(inputs -> inputs.contains(file));
    }

    /**
     * Maps saved files to the crates they change. A {@code .rs} file that no dep-info lists yet (a new
     * module) is assigned to the crates whose source root contains it. Files that map to no crate are left
     * out of {@link Scope#edited}; the build warns about them after compiling.
     */
    synchronized Scope scope(Set<Path> changedFiles) {
        Set<String> edited = new LinkedHashSet<>();
        for (Path changed : new TreeSet<>(changedFiles)) {
            Path file = canonical(changed);
            Optional<String> reload = buildScriptReason(file);
            if (reload.isPresent()) {
                return new Scope(reload, Set.of());
            }
            edited.addAll(cratesOf(file));
        }
        return new Scope(Optional.empty(), edited);
    }

    /**
     * Returns the form of {@code file} that the dep-info paths have: absolute and with symbolic links
     * resolved, because the captured working directory they are relative to is physical ({@code pwd -P}).
     * A file that no longer exists is only made absolute and normalised.
     */
    static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private Set<String> cratesOf(Path file) {
        Set<String> keys = new LinkedHashSet<>();
        inputsByCrate.forEach((key, inputs) -> {
            if (inputs.contains(file)) {
                keys.add(key);
            }
        });
        if (keys.isEmpty() && file.toString().endsWith(".rs")) {
            srcRootByCrate.forEach((key, root) -> {
                if (file.startsWith(root) && inputsByCrate.containsKey(key)) {
                    keys.add(key);
                }
            });
        }
        return keys;
    }

    private Optional<String> buildScriptReason(Path file) {
        for (BuildScriptInputs script : buildScripts) {
            boolean listed = !script.wholePackage() && script.isInput(file);
            boolean inPackage = script.wholePackage() && script.isInput(file) && !isInput(file)
                    && !file.toString().endsWith(".rs");
            if (listed || inPackage) {
                return Optional.of(file + " is an input of the build script of package '" + script.packageName()
                        + "', and the running app contains the code that script generated or compiled from it."
                        + " Press R for a full rebuild and restart.");
            }
        }
        return Optional.empty();
    }
}

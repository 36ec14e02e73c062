package dev.whisker.hotpatch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from the changed paths alone whether a save can become a patch. Manifest and build-script edits
 * change the crate graph, features or generated code that the captured rustc call bakes in, so replaying
 * the capture would silently build stale code. Only the tip crate is recompiled, so an edit to another
 * workspace package would be silently missing from the patch.
 */
final class ChangeRules {
    private static final Set<String> FULL_RELOAD_FILES = Set.of("Cargo.toml", "Cargo.lock", "build.rs",
            "rust-toolchain", "rust-toolchain.toml");
    private static final Set<String> CARGO_CONFIG_FILES = Set.of("config.toml", "config");

    private ChangeRules() {}

    /**
     * Returns the reason a full reload is needed, or empty when every changed path can be patched.
     *
     * @param build names the workspace packages and which one is the tip
     */
    static Optional<String> fullReloadReason(Set<Path> changedFiles, BuildInfo build) {
        Optional<String> buildFile = buildFileReason(changedFiles);
        if (buildFile.isPresent()) {
            return buildFile;
        }
        // NOTE: in a package with both a lib and a bin target, an edit to the lib's files passes this check
        // but only the bin crate is recompiled, so the patch misses it.
        for (Path file : changedFiles.stream().sorted().toList()) {
            Optional<BuildInfo.PackageInfo> owner = owningPackage(file, build.packages());
            if (owner.isPresent() && !build.tipKey().equals(owner.get().key())) {
                return Optional.of(file + " belongs to the workspace package '" + owner.get().name() + "', and only"
                        + " the bin crate is hot-patched so far. Press R for a full rebuild and restart.");
            }
        }
        return Optional.empty();
    }

    /** Returns the package whose manifest directory contains {@code file} most closely, if any. */
    private static Optional<BuildInfo.PackageInfo> owningPackage(Path file, List<BuildInfo.PackageInfo> packages) {
        BuildInfo.PackageInfo owner = null;
        int ownerDepth = -1;
        for (BuildInfo.PackageInfo candidate : packages) {
            if (candidate.manifestPath() == null) {
                continue;
            }
            Path dir = Path.of(candidate.manifestPath()).getParent();
            if (dir != null && file.startsWith(dir) && dir.getNameCount() > ownerDepth) {
                owner = candidate;
                ownerDepth = dir.getNameCount();
            }
        }
        return Optional.ofNullable(owner);
    }

    private static Optional<String> buildFileReason(Set<Path> changedFiles) {
        for (Path file : changedFiles.stream().sorted().toList()) {
            Path name = file.getFileName();
            if (name == null) {
                continue;
            }
            String fileName = name.toString();
            boolean cargoConfig = CARGO_CONFIG_FILES.contains(fileName)
                    && file.getParent() != null && file.getParent().endsWith(".cargo");
            if (cargoConfig || FULL_RELOAD_FILES.contains(fileName)) {
                return Optional.of(file + " changed; it affects how the crate is built, so the running app"
                        + " cannot be patched. Press R for a full rebuild and restart.");
            }
        }
        return Optional.empty();
    }
}

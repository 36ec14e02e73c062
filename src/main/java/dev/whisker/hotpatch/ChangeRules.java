package dev.whisker.hotpatch;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from the changed paths alone whether a save can become a patch. Manifest and build-script edits
 * change the crate graph, features or generated code that the captured rustc call bakes in, so replaying
 * the capture would silently build stale code. Which crate a saved source file belongs to is decided
 * later from the crates' dep-info ({@link PatchInputs}).
 */
final class ChangeRules {
    private static final Set<String> FULL_RELOAD_FILES = Set.of("Cargo.toml", "Cargo.lock", "build.rs",
            "rust-toolchain", "rust-toolchain.toml");
    private static final Set<String> CARGO_CONFIG_FILES = Set.of("config.toml", "config");

    private ChangeRules() {}

    /** Returns the reason a full reload is needed, or empty when no changed path is a build file. */
    static Optional<String> fullReloadReason(Set<Path> changedFiles) {
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

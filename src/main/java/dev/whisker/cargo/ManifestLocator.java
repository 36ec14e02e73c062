package dev.whisker.cargo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the crate's {@code Cargo.toml}: the explicit path when one is configured, otherwise
 * {@code <basedir>/Cargo.toml}, otherwise {@code <basedir>/src/main/rust/Cargo.toml}.
 */
public final class ManifestLocator {

    private ManifestLocator() {
    }

    /**
     * Returns the absolute, normalized path of the manifest.
     *
     * @param explicitPath the configured {@code manifestPath}, relative to {@code basedir} unless
     *     absolute. A directory means its {@code Cargo.toml}.
     * @throws ManifestNotFoundException listing every path tried
     */
    public static Path locate(Path basedir, Optional<Path> explicitPath) throws ManifestNotFoundException {
        Path base = basedir.toAbsolutePath().normalize();
        List<Path> candidates = new ArrayList<>();
        if (explicitPath.isPresent()) {
            Path explicit = base.resolve(explicitPath.get()).normalize();
            candidates.add(Files.isDirectory(explicit) ? explicit.resolve("Cargo.toml") : explicit);
        } else {
            candidates.add(base.resolve("Cargo.toml"));
            candidates.add(base.resolve("src/main/rust/Cargo.toml"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ManifestNotFoundException(candidates);
    }
}

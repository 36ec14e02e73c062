package dev.whisker.cargo;

import java.nio.file.Path;

/**
 * A local crate of the fat build and the key of its rustc capture.
 *
 * @param name the cargo package name
 * @param crateName the rustc crate name of the built target ({@code -} replaced by {@code _})
 * @param srcRoot the directory of the target's crate root file
 * @param key the capture key: crate name followed by rustc's {@code -C extra-filename}
 */
public record CapturedPackage(String name, String crateName, Path manifestPath, Path srcRoot, String key) {
}

package dev.whisker.cargo;

import java.nio.file.Path;

/**
 * The plugin's directories under a project's target directory. The fat build gets a cargo
 * target directory of its own because the rustc wrapper changes cargo's {@code -C metadata}
 * hashes and so every mangled symbol name: a normal {@code cargo build} into the same directory
 * would replace the binary with one whose names no longer match the capture.
 *
 * @param root {@code <project target dir>/whisker}
 */
public record BuildLayout(Path root) {

    /** Returns the layout under {@code <projectTargetDir>/whisker}. */
    public static BuildLayout under(Path projectTargetDir) {
        return new BuildLayout(projectTargetDir.toAbsolutePath().normalize().resolve("whisker"));
    }

    /** Returns the directory of the rustc and linker shims. */
    public Path shimsDir() {
        return root.resolve("shims");
    }

    /** Returns the capture directory ({@code WHISKER_CAPTURE_DIR}). */
    public Path captureDir() {
        return root.resolve("capture");
    }

    /** Returns the cargo target directory of the fat build. */
    public Path cargoTargetDir() {
        return root.resolve("cargo");
    }
}

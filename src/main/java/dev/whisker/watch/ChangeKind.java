package dev.whisker.watch;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * Classification of a batch of file changes by what the running app needs to take them in.
 *
 * <p>A batch takes the strongest kind among its files: one manifest change makes the whole batch
 * {@link #CARGO_MANIFEST}, because a patch cannot express a new dependency, feature or build-script
 * output, and a Rust file changed in the same save must not hide that.
 */
public enum ChangeKind {
    /**
     * Rust source changed (possibly with other files): {@code .rs} files, or files a crate reads while
     * compiling, such as an {@code include_str!} file. A hot patch can express this.
     */
    RUST_SOURCE,
    /** {@code Cargo.toml}, {@code Cargo.lock} or {@code build.rs} changed; only a full rebuild applies it. */
    CARGO_MANIFEST,
    /**
     * Only non-Rust files inside a package directory changed, none of which a crate reads while
     * compiling. A build script may read them (a C file it compiles, a {@code rerun-if-changed} path),
     * so the hot patcher decides between a full reload and nothing. Only a classifier that has the
     * package directories returns it; {@link #of(Collection)} never does.
     */
    PACKAGE_FILE,
    /** No file that the build reads as Rust source or manifest changed. */
    OTHER;

    private static final Set<String> MANIFEST_NAMES = Set.of("Cargo.toml", "Cargo.lock", "build.rs");

    /** Classifies a single changed file by its name. */
    public static ChangeKind of(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return OTHER;
        }
        String fileName = name.toString();
        if (MANIFEST_NAMES.contains(fileName)) {
            return CARGO_MANIFEST;
        }
        if (fileName.endsWith(".rs")) {
            return RUST_SOURCE;
        }
        return OTHER;
    }

    /**
     * Classifies a batch: {@link #CARGO_MANIFEST} if any file is a manifest, else {@link #RUST_SOURCE}
     * if any file is Rust source, else {@link #OTHER} (also for an empty batch).
     */
    public static ChangeKind of(Collection<Path> files) {
        ChangeKind result = OTHER;
        for (Path file : files) {
            ChangeKind kind = of(file);
            if (kind == CARGO_MANIFEST) {
                return CARGO_MANIFEST;
            }
            if (kind == RUST_SOURCE) {
                result = RUST_SOURCE;
            }
        }
        return result;
    }
}

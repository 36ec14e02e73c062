package dev.whisker.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeKindTest {

    @Test
    void rustFileIsRustSource() {
        assertEquals(ChangeKind.RUST_SOURCE, ChangeKind.of(Path.of("/crate/src/main.rs")));
    }

    @Test
    void cargoTomlIsManifest() {
        assertEquals(ChangeKind.CARGO_MANIFEST, ChangeKind.of(Path.of("/crate/Cargo.toml")));
    }

    @Test
    void cargoLockIsManifest() {
        assertEquals(ChangeKind.CARGO_MANIFEST, ChangeKind.of(Path.of("/ws/Cargo.lock")));
    }

    @Test
    void buildScriptIsManifest() {
        assertEquals(ChangeKind.CARGO_MANIFEST, ChangeKind.of(Path.of("/crate/build.rs")));
    }

    @Test
    void otherFileIsOther() {
        assertEquals(ChangeKind.OTHER, ChangeKind.of(Path.of("/crate/README.md")));
        assertEquals(ChangeKind.OTHER, ChangeKind.of(Path.of("/crate/pom.xml")));
        assertEquals(ChangeKind.OTHER, ChangeKind.of(Path.of("/crate/src/main.rs.bak")));
    }

    @Test
    void nameMatchIsExact() {
        assertEquals(ChangeKind.OTHER, ChangeKind.of(Path.of("/crate/cargo.toml")));
        assertEquals(ChangeKind.RUST_SOURCE, ChangeKind.of(Path.of("/crate/src/build_rs.rs")));
    }

    @Test
    void batchWithManifestIsManifest() {
        List<Path> batch = List.of(Path.of("/c/src/main.rs"), Path.of("/c/Cargo.toml"), Path.of("/c/notes.txt"));
        assertEquals(ChangeKind.CARGO_MANIFEST, ChangeKind.of(batch));
    }

    @Test
    void batchWithRustAndOtherIsRustSource() {
        List<Path> batch = List.of(Path.of("/c/notes.txt"), Path.of("/c/src/lib.rs"));
        assertEquals(ChangeKind.RUST_SOURCE, ChangeKind.of(batch));
    }

    @Test
    void batchOfOtherFilesIsOther() {
        assertEquals(ChangeKind.OTHER, ChangeKind.of(List.of(Path.of("/c/a.txt"), Path.of("/c/b.json"))));
    }

    @Test
    void emptyBatchIsOther() {
        assertEquals(ChangeKind.OTHER, ChangeKind.of(List.of()));
    }
}

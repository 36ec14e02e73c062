package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whisker.watch.ChangeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classifies saved files of a real temporary package layout, one test per rule. */
class ChangeClassifierTest {

    @TempDir
    Path dir;

    private Path pkg() {
        return dir.resolve("my app");
    }

    private List<Path> roots() {
        return List.of(pkg().resolve("src"));
    }

    private ChangeKind classify(Set<Path> inputs, Path... files) {
        return ChangeClassifier.classify(List.of(files), roots(), List.of(pkg()), inputs);
    }

    @Test
    void rustFileInSourceRootIsRustSource() {
        assertEquals(ChangeKind.RUST_SOURCE, classify(Set.of(), pkg().resolve("src/net.rs")));
    }

    @Test
    void includedFileIsRustSource() {
        Path motto = pkg().resolve("src/motto.txt");
        assertEquals(ChangeKind.RUST_SOURCE, classify(Set.of(motto), motto));
    }

    @Test
    void includedFileOutsidePackageIsRustSource() {
        Path shared = dir.resolve("shared/motto.txt");
        assertEquals(ChangeKind.RUST_SOURCE, classify(Set.of(shared), shared));
    }

    @Test
    void includedFileThroughSymlinkIsRustSource() throws IOException {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("real")).resolve("motto.txt"), "hi");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        assertEquals(ChangeKind.RUST_SOURCE, classify(Set.of(real.toRealPath()), link.resolve("motto.txt")));
    }

    @Test
    void cFileInPackageIsPackageFile() {
        assertEquals(ChangeKind.PACKAGE_FILE, classify(Set.of(), pkg().resolve("csrc/add.c")));
    }

    @Test
    void dataFileInSourceRootIsPackageFile() {
        assertEquals(ChangeKind.PACKAGE_FILE, classify(Set.of(pkg().resolve("src/main.rs")),
                pkg().resolve("src/data.json")));
    }

    @Test
    void rustFileOutsideSourceRootIsPackageFile() {
        assertEquals(ChangeKind.PACKAGE_FILE, classify(Set.of(), pkg().resolve("tests/smoke.rs")));
    }

    @Test
    void fileOutsidePackagesIsOther() {
        assertEquals(ChangeKind.OTHER, classify(Set.of(), dir.resolve("notes.txt")));
    }

    @Test
    void manifestWinsOverEverything() {
        assertEquals(ChangeKind.CARGO_MANIFEST, classify(Set.of(), pkg().resolve("csrc/add.c"),
                pkg().resolve("src/main.rs"), pkg().resolve("build.rs")));
    }

    @Test
    void rustSourceWinsOverPackageFile() {
        assertEquals(ChangeKind.RUST_SOURCE, classify(Set.of(), pkg().resolve("csrc/add.c"),
                pkg().resolve("src/main.rs")));
    }

    @Test
    void packageFileWinsOverOther() {
        assertEquals(ChangeKind.PACKAGE_FILE, classify(Set.of(), dir.resolve("notes.txt"),
                pkg().resolve("csrc/add.c")));
    }

    @Test
    void withoutLayoutRustFilesAreRustSource() {
        ChangeClassifier classifier = new ChangeClassifier();
        assertEquals(ChangeKind.RUST_SOURCE, classifier.classify(List.of(dir.resolve("anywhere/lib.rs"))));
        assertEquals(ChangeKind.OTHER, classifier.classify(List.of(dir.resolve("anywhere/data.txt"))));
    }

    @Test
    void newInputsAreWatchedOnce() throws IOException {
        Path motto = Files.writeString(dir.resolve("motto.txt"), "hi");
        Path readme = Files.writeString(dir.resolve("readme.txt"), "hi");
        List<Collection<Path>> calls = new ArrayList<>();
        ChangeClassifier classifier = new ChangeClassifier();
        classifier.inputsRead(Set.of(motto));

        classifier.watchWith(files -> calls.add(List.copyOf(files)));
        classifier.inputsRead(Set.of(motto));
        classifier.inputsRead(Set.of(motto, readme, dir.resolve("deleted.txt")));

        assertEquals(List.of(List.of(motto), List.of(readme)), calls);
        assertEquals(ChangeKind.RUST_SOURCE, classifier.classify(List.of(readme)));
    }
}

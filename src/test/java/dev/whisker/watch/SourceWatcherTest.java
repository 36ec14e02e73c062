package dev.whisker.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the watcher on real temporary directories; every wait is bounded. */
class SourceWatcherTest {

    private static final Duration QUIET = Duration.ofMillis(50);
    private static final long EVENT_TIMEOUT_SECONDS = 10;
    /** How long to wait for a batch that must not come; longer than the quiet window by far. */
    private static final long ABSENCE_MILLIS = 700;
    /** Files of the checkout burst; each gives a create and a modify event. */
    private static final int BURST_FILES = 300;

    private final BlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
    private final WatchListener listener = new WatchListener() {
        @Override
        public void batchReady(ChangeBatch batch) {
            batches.add(batch);
        }

        @Override
        public void watchFailed(IOException error) {
            throw new AssertionError("watcher failed", error);
        }
    };

    @TempDir
    Path crate;

    private ChangeBatch nextBatch() throws InterruptedException {
        ChangeBatch batch = batches.poll(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(batch, "no batch within " + EVENT_TIMEOUT_SECONDS + " s");
        return batch;
    }

    @Test
    void modifiedSourceFileIsReported() throws Exception {
        Path main = Files.createDirectories(crate.resolve("src")).resolve("main.rs");
        Files.writeString(main, "fn main() {}");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            Files.writeString(main, "fn main() { println!(); }");

            ChangeBatch batch = nextBatch();

            assertTrue(batch.files().contains(main), batch.toString());
            assertEquals(ChangeKind.RUST_SOURCE, batch.kind());
        }
    }

    @Test
    void fileAddedWhileRunningIsWatched() throws Exception {
        Files.createDirectories(crate.resolve("app/src"));
        Path shared = Files.createDirectories(crate.resolve("shared"));
        Path motto = Files.writeString(shared.resolve("motto.txt"), "first");
        Path other = Files.writeString(shared.resolve("notes.txt"), "unrelated");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate.resolve("app/src")), QUIET, listener)) {
            watcher.watchFiles(List.of(motto));

            Files.writeString(other, "changed, but not watched");
            Files.writeString(motto, "second");
            ChangeBatch batch = nextBatch();

            assertEquals(List.of(motto), List.copyOf(batch.files()));
        }
    }

    @Test
    void sedInPlaceReportsOnlyEditedFile() throws Exception {
        Path main = Files.createDirectories(crate.resolve("src")).resolve("main.rs");
        Files.writeString(main, "fn main() { let x = 1; }");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            // GNU sed -i writes a temporary sedXXXXXX beside the file and renames it over the file.
            Process sed = new ProcessBuilder("sed", "-i", "s/1/2/", main.toString()).inheritIO().start();
            assertTrue(sed.waitFor(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "sed did not finish");
            assertEquals(0, sed.exitValue());

            ChangeBatch batch = nextBatch();

            assertEquals(java.util.Set.of(main), batch.files());
        }
    }

    @Test
    void directoryCreatedLaterIsWatched() throws Exception {
        Files.createDirectories(crate.resolve("src"));
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            Path module = Files.createDirectories(crate.resolve("src/net/proto"));
            Path first = Files.writeString(module.resolve("mod.rs"), "pub fn a() {}");
            assertTrue(nextBatch().files().contains(first));

            Path second = Files.writeString(module.resolve("wire.rs"), "pub fn b() {}");
            ChangeBatch batch = nextBatch();

            assertTrue(batch.files().contains(second), batch.toString());
        }
    }

    @Test
    void ignoredPathsAreNotReported() throws Exception {
        Path target = Files.createDirectories(crate.resolve("target/debug"));
        Path src = Files.createDirectories(crate.resolve("src"));
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            Files.writeString(target.resolve("app.d"), "x");
            Files.writeString(src.resolve("main.rs~"), "x");
            Files.writeString(src.resolve(".main.rs.swp"), "x");
            Files.writeString(src.resolve("4913"), "x");
            Files.createDirectories(crate.resolve(".git")).resolve("index");

            assertNull(batches.poll(ABSENCE_MILLIS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void manifestSaveIsClassifiedAsManifest() throws Exception {
        Path manifest = Files.writeString(crate.resolve("Cargo.toml"), "[package]\n");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            Files.writeString(manifest, "[package]\nname = \"x\"\n");

            assertEquals(ChangeKind.CARGO_MANIFEST, nextBatch().kind());
        }
    }

    @Test
    void singleFileRootReportsOnlyThatFile() throws Exception {
        Path config = Files.writeString(crate.resolve("app.conf"), "a=1");
        Path neighbour = crate.resolve("other.rs");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(config), QUIET, listener)) {
            Files.writeString(neighbour, "fn x() {}");
            assertNull(batches.poll(ABSENCE_MILLIS, TimeUnit.MILLISECONDS));

            Files.writeString(config, "a=2");

            assertEquals(List.of(config), List.copyOf(nextBatch().files()));
        }
    }

    @Test
    void twoFilesOfOneDirectoryAreBothReported() throws Exception {
        Path manifest = Files.writeString(crate.resolve("Cargo.toml"), "[package]\n");
        Path lock = Files.writeString(crate.resolve("Cargo.lock"), "# lock\n");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(manifest, lock), QUIET, listener)) {
            Files.writeString(manifest, "[package]\nname = \"x\"\n");
            assertEquals(List.of(manifest), List.copyOf(nextBatch().files()));

            Files.writeString(lock, "# lock 2\n");

            assertEquals(List.of(lock), List.copyOf(nextBatch().files()));
        }
    }

    @Test
    void missingRootIsRejected() {
        Path missing = crate.resolve("does-not-exist");

        WatchPathNotFoundException error = assertThrows(WatchPathNotFoundException.class,
                () -> SourceWatcher.start(List.of(missing), QUIET, listener));

        assertEquals(missing, error.path());
        assertTrue(error.getMessage().contains(missing.toString()));
    }

    /**
     * A branch switch: hundreds of files in new and existing directories written as fast as the disk allows, far more
     * events than one watch key queues (Java's Linux watch service signals an overflow after 512), become one batch.
     */
    @Test
    void checkoutBurstIsOneBatch() throws Exception {
        Path src = Files.createDirectories(crate.resolve("src"));
        List<Path> written = new ArrayList<>();
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), Duration.ofMillis(200), listener)) {
            for (int i = 0; i < BURST_FILES; i++) {
                Path dir = i % 3 == 0 ? src : Files.createDirectories(src.resolve("module" + (i % 10)));
                written.add(Files.writeString(dir.resolve("file" + i + ".rs"), "pub fn f" + i + "() {}\n"));
            }

            ChangeBatch batch = nextBatch();

            assertTrue(batch.files().containsAll(written), "missing: " + missing(written, batch));
            assertEquals(ChangeKind.RUST_SOURCE, batch.kind());
            assertNull(batches.poll(ABSENCE_MILLIS, TimeUnit.MILLISECONDS), "a second batch");
        }
    }

    private static List<Path> missing(List<Path> expected, ChangeBatch batch) {
        return expected.stream().filter(path -> !batch.files().contains(path)).limit(10).toList();
    }

    /** Directories that vanish before the watcher registers them, as during a checkout, must not stop it. */
    @Test
    void vanishedDirectoriesKeepWatcherRunning() throws Exception {
        Path src = Files.createDirectories(crate.resolve("src"));
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            for (int i = 0; i < 200; i++) {
                Path nested = Files.createDirectories(src.resolve("gone" + i).resolve("inner"));
                Files.writeString(nested.resolve("x.rs"), "");
                Files.delete(nested.resolve("x.rs"));
                Files.delete(nested);
                Files.delete(nested.getParent());
            }
            drainBatches();
            Path main = Files.writeString(src.resolve("main.rs"), "fn main() {}");

            assertTrue(nextBatch().files().contains(main));
        }
    }

    /** Removes the batches that arrive until the watcher has been quiet for {@link #ABSENCE_MILLIS}. */
    private void drainBatches() throws InterruptedException {
        while (batches.poll(ABSENCE_MILLIS, TimeUnit.MILLISECONDS) != null) {
            // keep draining
        }
    }

    /**
     * A dangling symbolic link (what Emacs leaves as a lock file, or a checkout of a link to a missing file) and a
     * FIFO in the tree neither stop the watcher nor hide other changes.
     */
    @Test
    void danglingLinkAndFifoAreHarmless() throws Exception {
        Path src = Files.createDirectories(crate.resolve("src"));
        Path fifo = src.resolve("pipe.rs");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "mkfifo finished");
        assertEquals(0, mkfifo.exitValue(), "mkfifo exit code");
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, listener)) {
            Path link = Files.createSymbolicLink(src.resolve("lib.rs"), crate.resolve("no-such-file.rs"));
            Path main = Files.writeString(src.resolve("main.rs"), "fn main() {}");

            ChangeBatch batch = nextBatch();

            assertTrue(batch.files().contains(main), batch.toString());
            assertTrue(batch.files().contains(link), batch.toString());
        }
    }

    /** Needs a user whose permissions are checked, so it is skipped when the tests run as root. */
    @Test
    void unreadableDirectoryIsSkippedAndReported() throws Exception {
        Path src = Files.createDirectories(crate.resolve("src"));
        Path locked = Files.createDirectories(src.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "permissions are not enforced for this user (root)");
        List<Path> skipped = new CopyOnWriteArrayList<>();
        WatchListener recording = new WatchListener() {
            @Override
            public void batchReady(ChangeBatch batch) {
                batches.add(batch);
            }

            @Override
            public void watchFailed(IOException error) {
                throw new AssertionError("watcher failed", error);
            }

            @Override
            public void pathSkipped(Path path, IOException error) {
                skipped.add(path);
            }
        };
        try (SourceWatcher watcher = SourceWatcher.start(List.of(crate), QUIET, recording)) {
            Path main = Files.writeString(src.resolve("main.rs"), "fn main() {}");

            assertTrue(nextBatch().files().contains(main));
            assertEquals(List.of(locked), skipped);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}

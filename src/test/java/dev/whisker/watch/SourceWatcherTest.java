package dev.whisker.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
}

package dev.whisker.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the debouncer with synthetic times: no test here sleeps. */
class DebouncerTest {

    private static final long MS = 1_000_000L;
    private static final Duration WINDOW = Duration.ofMillis(50);

    @Test
    void burstWithinOneSecondGivesOneBatch() {
        Debouncer debouncer = new Debouncer(WINDOW);
        List<ChangeBatch> batches = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 500; i++) {
            now = i * 2 * MS;
            debouncer.add(Path.of("/c/src/f" + (i % 7) + ".rs"), now);
            debouncer.poll(now).ifPresent(batches::add);
        }
        assertEquals(0, batches.size(), "no batch is due while events keep arriving");

        debouncer.poll(now + WINDOW.toNanos()).ifPresent(batches::add);

        assertEquals(1, batches.size());
        assertEquals(7, batches.get(0).files().size());
        assertEquals(ChangeKind.RUST_SOURCE, batches.get(0).kind());
    }

    @Test
    void eventsFurtherApartThanWindowGiveTwoBatches() {
        Debouncer debouncer = new Debouncer(WINDOW);
        List<ChangeBatch> batches = new ArrayList<>();

        debouncer.add(Path.of("/c/src/main.rs"), 0);
        debouncer.poll(51 * MS).ifPresent(batches::add);
        debouncer.add(Path.of("/c/Cargo.toml"), 60 * MS);
        debouncer.poll(111 * MS).ifPresent(batches::add);

        assertEquals(2, batches.size());
        assertEquals(ChangeKind.RUST_SOURCE, batches.get(0).kind());
        assertEquals(ChangeKind.CARGO_MANIFEST, batches.get(1).kind());
    }

    @Test
    void batchIsNotDueBeforeWindowEnds() {
        Debouncer debouncer = new Debouncer(WINDOW);
        debouncer.add(Path.of("/c/src/main.rs"), 0);

        assertTrue(debouncer.poll(49 * MS).isEmpty());
        assertTrue(debouncer.poll(50 * MS).isPresent());
        assertTrue(debouncer.poll(200 * MS).isEmpty(), "a polled batch is cleared");
    }

    @Test
    void nanosUntilDueFollowsLastEvent() {
        Debouncer debouncer = new Debouncer(WINDOW);
        assertEquals(OptionalLong.empty(), debouncer.nanosUntilDue(0));

        debouncer.add(Path.of("/c/a.rs"), 10 * MS);
        debouncer.add(Path.of("/c/b.rs"), 30 * MS);

        assertEquals(OptionalLong.of(40 * MS), debouncer.nanosUntilDue(40 * MS));
        assertEquals(OptionalLong.of(0), debouncer.nanosUntilDue(500 * MS));
    }

    @Test
    void nonPositiveWindowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Debouncer(Duration.ZERO));
    }

    @Test
    void goneTemporariesAreDropped(@TempDir Path crate) throws Exception {
        Path main = Files.writeString(crate.resolve("main.rs"), "fn main() {}");
        Path deletedSource = crate.resolve("lib.rs");
        Debouncer debouncer = new Debouncer(WINDOW);

        debouncer.add(main, false, 0);
        debouncer.add(crate.resolve("sedAb12Cd"), true, 1 * MS);
        debouncer.add(crate.resolve(".#main.rs"), true, 2 * MS);
        debouncer.add(crate.resolve(".main.rs.swp"), false, 3 * MS);
        debouncer.add(deletedSource, false, 4 * MS);

        ChangeBatch batch = debouncer.poll(100 * MS).orElseThrow();
        assertEquals(Set.of(main, deletedSource), batch.files());
    }

    @Test
    void batchOfOnlyTemporariesIsEmpty(@TempDir Path crate) {
        Debouncer debouncer = new Debouncer(WINDOW);

        debouncer.add(crate.resolve("sedAb12Cd"), true, 0);

        assertTrue(debouncer.poll(100 * MS).isEmpty());
        assertTrue(debouncer.nanosUntilDue(100 * MS).isEmpty(), "the dropped files are still pending");
    }
}

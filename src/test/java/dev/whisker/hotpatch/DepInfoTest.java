package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepInfoTest {
    private static final String RUSTC_OUTPUT = """
            /t/deps/a-1.d: crates/a\\ b/src/lib.rs crates/a\\ b/src/text.txt /t/build/a/out/gen.rs

            /t/deps/liba-1.rmeta: crates/a\\ b/src/lib.rs crates/a\\ b/src/text.txt /t/build/a/out/gen.rs

            crates/a\\ b/src/lib.rs:
            crates/a\\ b/src/text.txt:
            /t/build/a/out/gen.rs:

            # env-dep:CARGO_PKG_VERSION=0.1.0
            # env-dep:OUT_DIR=/t/build/a/out
            """;

    @Test
    void parseReadsInputRulesOnly() {
        Set<Path> inputs = DepInfo.parse(RUSTC_OUTPUT, Path.of("/w/ws"));
        assertEquals(List.of(Path.of("/w/ws/crates/a b/src/lib.rs"), Path.of("/w/ws/crates/a b/src/text.txt"),
                Path.of("/t/build/a/out/gen.rs")), List.copyOf(inputs));
    }

    @Test
    void parseNormalisesRelativeSegments() {
        assertEquals(Set.of(Path.of("/w/src/lib.rs")), DepInfo.parse("ws/../src/lib.rs:\n", Path.of("/w")));
    }

    @Test
    void missingFileIsEmpty(@TempDir Path dir) {
        assertTrue(DepInfo.read(dir.resolve("none.d"), dir).isEmpty());
        assertEquals(Optional.empty(), DepInfo.read(dir.resolve("none.d"), dir));
    }
}

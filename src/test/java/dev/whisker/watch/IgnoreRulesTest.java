package dev.whisker.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IgnoreRulesTest {

    @Test
    void targetDirectoryIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of("target")));
        assertTrue(IgnoreRules.isIgnored(Path.of("target/debug/app")));
    }

    @Test
    void gitDirectoryIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of(".git/index")));
    }

    @Test
    void backupFileIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of("src/main.rs~")));
    }

    @Test
    void emacsLockFileIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of("src/.#main.rs")));
    }

    @Test
    void vimSwapFileIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of("src/.main.rs.swp")));
    }

    @Test
    void tmpFileIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of("src/main.rs.tmp")));
    }

    @Test
    void vimProbeFileIsIgnored() {
        assertTrue(IgnoreRules.isIgnored(Path.of("src/4913")));
    }

    @Test
    void sourceFilesAreWatched() {
        assertFalse(IgnoreRules.isIgnored(Path.of("src/main.rs")));
        assertFalse(IgnoreRules.isIgnored(Path.of("Cargo.toml")));
        assertFalse(IgnoreRules.isIgnored(Path.of("src/targets.rs")));
        assertFalse(IgnoreRules.isIgnored(Path.of("src/49130.rs")));
    }

    @Test
    void emptyPathIsWatched() {
        assertFalse(IgnoreRules.isIgnored(Path.of("")));
    }
}

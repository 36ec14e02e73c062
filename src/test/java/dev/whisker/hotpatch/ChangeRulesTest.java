package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeRulesTest {
    private static Optional<String> reason(Set<Path> changed) {
        return ChangeRules.fullReloadReason(changed);
    }

    @Test
    void otherWorkspacePackageSourcesArePatchable() {
        assertEquals(Optional.empty(), reason(Set.of(Path.of("/w/src/main.rs"), Path.of("/w/crates/util/src/lib.rs"))));
    }

    @Test
    void filesOutsidePackagesArePatchable() {
        assertEquals(Optional.empty(), reason(Set.of(Path.of("/elsewhere/data.txt"))));
    }

    @Test
    void rustSourcesArePatchable() {
        assertEquals(Optional.empty(), reason(Set.of(Path.of("/p/src/main.rs"),
                Path.of("/p/src/lib/mod.rs"), Path.of("/p/assets/data.bin"), Path.of("/p/src/config.toml"))));
    }

    @Test
    void manifestNeedsFullReload() {
        String reason = reason(Set.of(Path.of("/p/src/main.rs"), Path.of("/p/Cargo.toml")))
                .orElseThrow();
        assertTrue(reason.startsWith("/p/Cargo.toml changed"), reason);
        assertTrue(reason.contains("Press R"), reason);
    }

    @Test
    void lockFileNeedsFullReload() {
        assertTrue(reason(Set.of(Path.of("/p/Cargo.lock"))).isPresent());
    }

    @Test
    void buildScriptNeedsFullReload() {
        assertTrue(reason(Set.of(Path.of("/p/build.rs"))).isPresent());
    }

    @Test
    void cargoConfigNeedsFullReload() {
        assertTrue(reason(Set.of(Path.of("/p/.cargo/config.toml"))).isPresent());
        assertTrue(reason(Set.of(Path.of("/p/.cargo/config"))).isPresent());
    }

    @Test
    void toolchainFileNeedsFullReload() {
        assertTrue(reason(Set.of(Path.of("/p/rust-toolchain.toml"))).isPresent());
    }
}

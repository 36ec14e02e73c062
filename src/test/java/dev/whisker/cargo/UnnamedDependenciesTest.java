package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnnamedDependenciesTest {
    private static final Path USED = Path.of("/t/deps/libused-1a.rlib");
    private static final Path UNNAMED = Path.of("/t/with space/deps/libunnamed-2b.rlib");

    private static CargoArtifact lib(String id, Path rlib) {
        return new CargoArtifact(id, Path.of("/w/Cargo.toml"), "x", List.of("lib"),
                List.of(rlib, Path.of(rlib.toString().replace(".rlib", ".rmeta"))), Optional.empty(), false);
    }

    @Test
    void rlibsKeepDependencyClosureOnly() {
        List<CargoArtifact> artifacts = List.of(lib("used", USED), lib("unnamed", UNNAMED),
                lib("build-only", Path.of("/t/deps/libcc-3c.rlib")));
        assertEquals(List.of(USED, UNNAMED), UnnamedDependencies.rlibs(artifacts, Set.of("used", "unnamed")));
    }

    @Test
    void missingFromLinkComparesWholeArguments(@TempDir Path dir) throws Exception {
        Path argv = dir.resolve("app.argv");
        Files.writeString(argv, "cc\0-Wl,--whole-archive\0" + USED + "\0-Wl,--no-whole-archive\0-o\0/t/app\0");
        assertEquals(List.of(UNNAMED), UnnamedDependencies.missingFromLink(argv, List.of(USED, UNNAMED)));
    }

    @Test
    void responseFileLinkIsNotCompared(@TempDir Path dir) throws Exception {
        Path argv = dir.resolve("app.argv");
        Files.writeString(argv, "cc\0@/c/link/app.rsp.1\0");
        assertEquals(List.of(), UnnamedDependencies.missingFromLink(argv, List.of(UNNAMED)));
    }
}

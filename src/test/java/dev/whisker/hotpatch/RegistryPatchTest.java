package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whisker.objfile.SymbolCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patches an app that depends on {@code log} and {@code env_logger} from Debian's packaged crate sources
 * ({@code librust-log-dev}, {@code librust-env-logger-dev}), used as a cargo directory source. The patch
 * newly calls env_logger functions the app never called, which only a whole-archive fat link keeps in the
 * host, and logs through the logger the app installed at start-up.
 */
class RegistryPatchTest {
    private static final Path DEBIAN_REGISTRY = Path.of("/usr/share/cargo/registry");
    private static final List<String> FILES = List.of("Cargo.toml", ".cargo/config.toml", "src/main.rs");

    @TempDir
    Path root;

    private static boolean hasCrate(String prefix) throws IOException {
        if (!Files.isDirectory(DEBIAN_REGISTRY)) {
            return false;
        }
        try (Stream<Path> crates = Files.list(DEBIAN_REGISTRY)) {
            return crates.anyMatch(dir -> dir.getFileName().toString().startsWith(prefix));
        }
    }

    @Test
    void patchCallsNewLoggerApisAndSharesLogger() throws Exception {
        assumeTrue(hasCrate("log-0.4") && hasCrate("env_logger-"),
                "install librust-log-dev and librust-env-logger-dev for this test");
        WorkspaceApp app = WorkspaceApp.build("registry/log-app", FILES, root.resolve("with space/log-app"), ".",
                root.resolve("maven target"));
        SymbolCache host = SymbolCache.load(app.build.binary());
        try (Patcher patcher = Patcher.prepare(app.captures(), host, PatcherOptions.defaults(root.resolve("work")));
                HostApp.RunningApp process = HostApp.RunningApp.launch(app.build.binary(),
                        root.resolve("client-patches").toString())) {
            assertEquals("REPORT-1 last=INFO:started", process.send("call"));

            Path main = app.edit("src/main.rs", "format!(\"REPORT-1 last={}\", last_log_line())", """
                    {
                            log::warn!("from the patch");
                            let parsed = env_logger::Builder::new().parse_filters("debug").build().filter();
                            format!("REPORT-2 last={} parsed={parsed} max={}", last_log_line(), log::max_level())
                        }""");
            PatchOutcome outcome = patcher.build(Set.of(main), Set.of(process.anchor()));
            PatchResult result = assertInstanceOf(PatchResult.class, outcome, outcome::toString);
            Path frame = root.resolve("frame.bin");
            Files.write(frame, ClientFrames.encode(result.artifacts().get(process.anchor())));
            String reply = process.send("frame " + frame);

            assertTrue(reply.startsWith("loaded "), reply);
            assertEquals("REPORT-2 last=WARN:from the patch parsed=DEBUG max=INFO", process.send("call"));
        }
    }
}

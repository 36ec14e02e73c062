package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.SymbolCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies the patcher's artifacts with the repository's real whisker-dev-client crate, which checks the
 * frame header, loads the library, verifies {@code new_base_address} against the loader's bias and installs
 * the table. The frames travel through files instead of the WebSocket.
 */
class ClientApplyTest {
    @TempDir
    static Path root;

    private static HostApp app;
    private static HostApp.RunningApp process;
    private static Patcher patcher;

    @BeforeAll
    static void start() throws Exception {
        app = HostApp.buildClientApp(root, Path.of("client").toAbsolutePath());
        SymbolCache host = SymbolCache.load(app.binary());
        patcher = Patcher.prepare(CaptureStore.open(app.captureDir), host, PatcherOptions.defaults(root.resolve("work")));
        patcher.prewarm();
        process = app.start(root.resolve("client-patches").toString());
    }

    @AfterAll
    static void stop() {
        if (patcher != null) {
            patcher.close();
        }
        if (process != null) {
            process.close();
        }
    }

    private static String patchAndApply() throws Exception {
        PatchOutcome outcome = patcher.build(Set.of(app.mainRs()), Set.of(process.anchor()));
        PatchResult result = assertInstanceOf(PatchResult.class, outcome, outcome::toString);
        Path file = root.resolve("frame-" + result.id() + ".bin");
        Files.write(file, ClientFrames.encode(result.artifacts().get(process.anchor())));
        return process.send("frame " + file);
    }

    @Test
    void clientAppliesSuccessivePatches() throws Exception {
        assertEquals("CLIENT-ORIGINAL count=1", process.send("call"));
        assertEquals("CLIENT-ORIGINAL count=2", process.send("call_fn"));

        app.edit("CLIENT-ORIGINAL", "CLIENT-PATCHED");
        String reply = patchAndApply();
        assertTrue(reply.startsWith("loaded "), reply);
        assertEquals("CLIENT-PATCHED count=3", process.send("call"));
        assertEquals("CLIENT-PATCHED count=4", process.send("call_fn"));

        app.edit("CLIENT-PATCHED", "CLIENT-AGAIN");
        reply = patchAndApply();
        assertTrue(reply.startsWith("loaded "), reply);
        assertEquals("CLIENT-AGAIN count=5", process.send("call"));
    }
}

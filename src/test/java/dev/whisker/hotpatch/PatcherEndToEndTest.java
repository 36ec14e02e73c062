package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.SymbolCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patches a running process of the fat-built test crate with real rustc, cc and dlopen, in order: the
 * tests share one process, so state carried from one test to the next is part of what is checked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatcherEndToEndTest {
    @TempDir
    static Path root;

    private static HostApp app;
    private static HostApp.RunningApp process;
    private static Patcher patcher;
    private static Path received;

    @BeforeAll
    static void startApp() throws Exception {
        app = HostApp.build(root);
        SymbolCache host = SymbolCache.load(app.binary());
        patcher = Patcher.prepare(CaptureStore.open(app.captureDir), host, PatcherOptions.defaults(root.resolve("work")));
        patcher.prewarm();
        process = app.start();
        received = Files.createDirectories(root.resolve("received"));
    }

    @AfterAll
    static void stopApp() {
        if (patcher != null) {
            patcher.close();
        }
        if (process != null) {
            process.close();
        }
    }

    private static PatchResult patch() {
        PatchOutcome outcome = patcher.build(Set.of(app.mainRs()), Set.of(process.anchor()));
        if (outcome instanceof CompileFailed failed) {
            throw new AssertionError("compile failed:\n" + failed.diagnostics());
        }
        if (outcome instanceof NeedsFullReload reload) {
            throw new AssertionError("needs full reload: " + reload.reason());
        }
        return (PatchResult) outcome;
    }

    private static void patchAndApply() throws Exception {
        PatchResult result = patch();
        PatchArtifact artifact = result.artifacts().get(process.anchor());
        String reply = process.apply(artifact, received);
        assertTrue(reply.startsWith("loaded "), reply);
    }

    @Test
    @Order(1)
    void patchesKeepStaticsAndThreadLocals() throws Exception {
        assertTrue(process.send("step").startsWith("TEXT-ORIGINAL count=1 raw=1 len=1 tls=1 lazy=lazy lazy_runs=1"));

        app.edit("TEXT-ORIGINAL", "TEXT-ONE");
        patchAndApply();
        assertEquals("TEXT-ONE count=2 raw=2 len=2 tls=2 lazy=lazy lazy_runs=1 helper=4", process.send("step"));

        app.edit("TEXT-ONE", "TEXT-TWO");
        patchAndApply();
        assertEquals("TEXT-TWO count=3 raw=3 len=3 tls=3 lazy=lazy lazy_runs=1 helper=6", process.send("step"));

        app.edit("TEXT-TWO", "TEXT-ORIGINAL");
        patchAndApply();
        assertEquals("TEXT-ORIGINAL count=4 raw=4 len=4 tls=4 lazy=lazy lazy_runs=1 helper=8", process.send("step"));
    }

    @Test
    @Order(2)
    void patchedCodeCallsStdAndHostFunctions() throws Exception {
        app.edit("format!(\"map={} thread={joined} caught={caught}\", map[\"k\"])",
                "format!(\"patched map={} thread={joined} caught={caught} helper={}\", map[\"k\"], helper(5))");
        app.edit("#[allow(dead_code)]\nfn obsolete() -> u32 {\n    1\n}\n", "");
        PatchResult result = patch();
        assertTrue(result.removed().stream().anyMatch(name -> name.contains("8obsolete")), result.removed().toString());
        assertTrue(process.apply(result.artifacts().get(process.anchor()), received).startsWith("loaded "));
        assertEquals("patched map=42 thread=42 caught=true helper=10", process.send("extras"));
    }

    @Test
    @Order(3)
    void compileErrorKeepsAppThenFixApplies() throws Exception {
        app.edit("let text = \"TEXT-ORIGINAL\";", "let text: u32 = \"TEXT-FIXED\";");
        PatchOutcome outcome = patcher.build(Set.of(app.mainRs()), Set.of(process.anchor()));
        CompileFailed failed = assertInstanceOf(CompileFailed.class, outcome);
        assertTrue(failed.diagnostics().contains("error[E0308]: mismatched types"), failed.diagnostics());
        assertTrue(process.send("step").startsWith("TEXT-ORIGINAL count=5 "));

        app.edit("let text: u32 = \"TEXT-FIXED\";", "let text = \"TEXT-FIXED\";");
        patchAndApply();
        assertTrue(process.send("step").startsWith("TEXT-FIXED count=6 "));
    }

    @Test
    @Order(5)
    void twoProcessesWithDifferentSlidesBothApply() throws Exception {
        try (HostApp.RunningApp second = app.start()) {
            assertTrue(second.anchor() != process.anchor(), "both processes got the same anchor address");
            app.edit("let text = \"TEXT-FIXED\";", "let text = \"TEXT-BOTH\";");
            PatchOutcome outcome = patcher.build(Set.of(app.mainRs()), Set.of(process.anchor(), second.anchor()));
            PatchResult result = assertInstanceOf(PatchResult.class, outcome);
            assertEquals(Set.of(process.anchor(), second.anchor()), result.artifacts().keySet());
            assertTrue(process.apply(result.artifacts().get(process.anchor()), received).startsWith("loaded "));
            assertTrue(second.apply(result.artifacts().get(second.anchor()), received).startsWith("loaded "));
            assertTrue(process.send("step").startsWith("TEXT-BOTH count=7 "));
            assertTrue(second.send("step").startsWith("TEXT-BOTH count=1 "));
        }
    }

    @Test
    @Order(6)
    void patchOverSixteenMebibytesApplies() throws Exception {
        byte[] blob = new byte[17 * 1024 * 1024];
        blob[blob.length - 1] = 7;
        Files.write(app.crate.resolve("src/blob.bin"), blob);
        app.edit("let text = \"TEXT-BOTH\";", "let text = if BLOB[BLOB.len() - 1] == 7 { \"TEXT-BIG\" } else { \"?\" };");
        app.edit("static COUNTER:", "static BLOB: &[u8] = include_bytes!(\"blob.bin\");\nstatic COUNTER:");
        PatchResult result = patch();
        PatchArtifact artifact = result.artifacts().get(process.anchor());
        assertTrue(artifact.library().length > 16 * 1024 * 1024, "library has " + artifact.library().length + " bytes");
        assertTrue(process.apply(artifact, received).startsWith("loaded "));
        assertTrue(process.send("step").startsWith("TEXT-BIG count=8 "));
    }

    @Test
    @Order(8)
    void systemLinkerPatchUnwinds() throws Exception {
        SymbolCache host = SymbolCache.load(app.binary());
        PatcherOptions defaults = PatcherOptions.defaults(root.resolve("work-gnu-ld"));
        PatcherOptions options = new PatcherOptions(defaults.workDir(), defaults.anchorSymbol(), defaults.toolTimeout(),
                PatcherOptions.PatchLinker.SYSTEM);
        try (Patcher gnuPatcher = Patcher.prepare(CaptureStore.open(app.captureDir), host, options)) {
            app.edit("patched map=", "gnu map=");
            PatchOutcome outcome = gnuPatcher.build(Set.of(app.mainRs()), Set.of(process.anchor()));
            PatchResult result = assertInstanceOf(PatchResult.class, outcome);
            byte[] library = result.artifacts().get(process.anchor()).library();
            assertFalse(new String(library, StandardCharsets.ISO_8859_1).contains("Linker: LLD"), "linked by lld");
            assertTrue(process.apply(result.artifacts().get(process.anchor()), received).startsWith("loaded "));
            assertEquals("gnu map=42 thread=42 caught=true helper=10", process.send("extras"));
        }
    }

    @Test
    @Order(4)
    void defaultLinkerIsFatBuildsLld() throws Exception {
        app.edit("patched map=", "lld map=");
        PatchResult result = patch();
        byte[] library = result.artifacts().get(process.anchor()).library();
        assertTrue(new String(library, StandardCharsets.ISO_8859_1).contains("Linker: LLD"), "not linked by lld");
        assertTrue(process.apply(result.artifacts().get(process.anchor()), received).startsWith("loaded "));
        assertEquals("lld map=42 thread=42 caught=true helper=10", process.send("extras"));
        app.edit("lld map=", "patched map=");
    }

    @Test
    @Order(7)
    void mainAnchorPatchApplies() throws Exception {
        SymbolCache host = SymbolCache.load(app.binary());
        PatcherOptions options = PatcherOptions.defaults(root.resolve("work-main")).withAnchor("main");
        try (Patcher mainPatcher = Patcher.prepare(CaptureStore.open(app.captureDir), host, options)) {
            app.edit("\"TEXT-BIG\"", "\"TEXT-MAIN\"");
            PatchOutcome outcome = mainPatcher.build(Set.of(app.mainRs()), Set.of(process.mainAddress()));
            PatchResult result = assertInstanceOf(PatchResult.class, outcome);
            PatchArtifact artifact = result.artifacts().get(process.mainAddress());
            assertEquals(host.lookup("main").get(0).address(), artifact.aslrReference());
            assertTrue(process.apply(artifact, received, "main").startsWith("loaded "));
            assertTrue(process.send("step").startsWith("TEXT-MAIN count=9 "));
        }
    }
}

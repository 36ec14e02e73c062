package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.SymbolCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patches a running workspace app whose tip reaches the library {@code a-core} through {@code b-mid}, with a
 * sibling library {@code c-side}, a lib+bin tip package, a build script that generates code and compiles C,
 * and an {@code include_str!} file, in a path with a space. The frames are applied by the real
 * whisker-dev-client crate. The tests share one process and run in order, so each patch builds on the last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkspacePatchTest {
    private static final List<String> FILES = List.of("Cargo.toml", "app/Cargo.toml", "app/src/lib.rs",
            "app/src/main.rs", "crates/a-core/Cargo.toml", "crates/a-core/src/lib.rs", "crates/b-mid/Cargo.toml",
            "crates/b-mid/build.rs", "crates/b-mid/native/twice.c", "crates/b-mid/src/lib.rs",
            "crates/c-side/Cargo.toml", "crates/c-side/src/lib.rs", "crates/c-side/src/motto.txt",
            "crates/d-later/Cargo.toml", "crates/d-later/src/lib.rs");
    private static final String A_CORE = "crates/a-core/src/lib.rs";
    private static final String C_SIDE = "crates/c-side/src/lib.rs";

    @TempDir
    static Path root;

    private static WorkspaceApp app;
    private static HostApp.RunningApp process;
    private static Patcher patcher;

    @BeforeAll
    static void start() throws Exception {
        app = WorkspaceApp.build("workspace", FILES, root.resolve("with space/ws"), "app", root.resolve("maven target"));
        SymbolCache host = SymbolCache.load(app.build.binary());
        patcher = Patcher.prepare(app.captures(), host, PatcherOptions.defaults(root.resolve("work")));
        patcher.prewarm();
        process = HostApp.RunningApp.launch(app.build.binary(), root.resolve("client-patches").toString());
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

    private static PatchResult patch(Path... changed) {
        PatchOutcome outcome = patcher.build(Set.of(changed), Set.of(process.anchor()));
        return assertInstanceOf(PatchResult.class, outcome, outcome::toString);
    }

    private static String apply(PatchResult result) throws Exception {
        Path file = root.resolve("frame-" + result.id() + ".bin");
        Files.write(file, ClientFrames.encode(result.artifacts().get(process.anchor())));
        return process.send("frame " + file);
    }

    /** Returns the app's report with the given texts and the build script's unchanged values. */
    private static String report(String label, int scaled, String side, String motto, String banner) {
        return "label=" + label + " scaled=" + scaled + " side=" + side + " motto=" + motto + " banner=" + banner
                + " gen=GEN-1 flavor=FLAVOR-1 version=0.3.0 twice=42";
    }

    @Test
    @Order(1)
    void originalReportUsesEveryCrate() throws Exception {
        assertEquals(report("CORE-1+MID", 7, "SIDE-1", "MOTTO-1", "BANNER-1"), process.send("call"));
    }

    @Test
    @Order(2)
    void libOfLibBinPackagePatches() throws Exception {
        Path lib = app.edit("app/src/lib.rs", "BANNER-1", "BANNER-2");
        PatchResult result = patch(lib);

        assertEquals(List.of("multi_app (lib)", "multi_app (bin)"), result.crates());
        assertEquals(List.of(), result.warnings());
        assertTrue(apply(result).startsWith("loaded "));
        assertEquals(report("CORE-1+MID", 7, "SIDE-1", "MOTTO-1", "BANNER-2"), process.send("call"));
    }

    @Test
    @Order(3)
    void includedTextFileIsWatchedAndPatches() throws Exception {
        Path motto = app.workspace.resolve("crates/c-side/src/motto.txt");
        assertTrue(patcher.patchInputs().contains(motto), patcher.patchInputs().toString());
        Files.writeString(motto, "MOTTO-2\n");
        PatchResult result = patch(motto);

        // The lib edited by the previous patch is rebuilt again, or this patch would undo its edit.
        assertEquals(List.of("c_side", "multi_app (lib)", "multi_app (bin)"), result.crates());
        assertTrue(apply(result).startsWith("loaded "));
        assertEquals(report("CORE-1+MID", 7, "SIDE-1", "MOTTO-2", "BANNER-2"), process.send("call"));
    }

    @Test
    @Order(4)
    void indirectDependencyEditReachesTip() throws Exception {
        Path edited = app.edit(A_CORE, "    2\n}", "    5\n}");
        app.edit(A_CORE, "CORE-1", "CORE-2");
        PatchResult result = patch(edited);

        // b-mid lies between a-core and the tip; the package's lib gets every dependency of the package.
        assertEquals(List.of("a_core", "b_mid", "c_side", "multi_app (lib)", "multi_app (bin)"), result.crates());
        assertEquals(List.of(), result.warnings());
        String reply = apply(result);
        assertTrue(reply.startsWith("loaded "), reply);
        assertEquals(report("CORE-2+MID", 16, "SIDE-1", "MOTTO-2", "BANNER-2"), process.send("call"));
    }

    @Test
    @Order(5)
    void twoCratesInOneSaveGiveOnePatch() throws Exception {
        Path core = app.edit(A_CORE, "CORE-2", "CORE-3");
        Path side = app.edit(C_SIDE, "SIDE-1", "SIDE-2");
        PatchResult result = patch(core, side);

        assertEquals(List.of("a_core", "b_mid", "c_side", "multi_app (lib)", "multi_app (bin)"), result.crates());
        assertTrue(apply(result).startsWith("loaded "));
        assertEquals(report("CORE-3+MID", 16, "SIDE-2", "MOTTO-2", "BANNER-2"), process.send("call"));
    }

    @Test
    @Order(6)
    void buildScriptAndItsCFileNeedFullReload() {
        Path script = app.workspace.resolve("crates/b-mid/build.rs");
        Path cFile = app.workspace.resolve("crates/b-mid/native/twice.c");

        assertInstanceOf(NeedsFullReload.class, patcher.build(Set.of(script), Set.of(process.anchor())));
        NeedsFullReload reload = assertInstanceOf(NeedsFullReload.class,
                patcher.build(Set.of(cFile), Set.of(process.anchor())));
        assertTrue(reload.reason().contains("build script of package 'b-mid'"), reload.reason());
    }

    @Test
    @Order(7)
    void fileNoCrateReadsWarns() throws Exception {
        Path data = app.workspace.resolve("crates/c-side/data/runtime.json");
        Files.createDirectories(data.getParent());
        Files.writeString(data, "{}");
        PatchResult result = patch(data);

        assertEquals(1, result.warnings().size(), result.warnings().toString());
        assertTrue(result.warnings().get(0).contains("not read by any crate"), result.warnings().get(0));
        assertFalse(patcher.patchInputs().contains(data));
    }

    @Test
    @Order(8)
    void compileErrorInLibraryIsReported() throws Exception {
        Path edited = app.edit(A_CORE, "String::from(\"CORE-3\")", "\"CORE-3\"");
        PatchOutcome outcome = patcher.build(Set.of(edited), Set.of(process.anchor()));
        CompileFailed failed = assertInstanceOf(CompileFailed.class, outcome);
        assertTrue(failed.diagnostics().contains("mismatched types"), failed.diagnostics());

        app.edit(A_CORE, "\"CORE-3\"", "String::from(\"CORE-4\")");
        assertTrue(apply(patch(edited)).startsWith("loaded "));
        assertEquals(report("CORE-4+MID", 16, "SIDE-2", "MOTTO-2", "BANNER-2"), process.send("call"));
    }

    @Test
    @Order(9)
    void patchInputsListSourcesButNotGeneratedCode() {
        Set<Path> inputs = patcher.patchInputs();
        assertTrue(inputs.contains(app.workspace.resolve(A_CORE)), inputs.toString());
        assertTrue(inputs.contains(app.workspace.resolve("app/src/main.rs")), inputs.toString());
        assertTrue(inputs.contains(app.workspace.resolve("crates/b-mid/src/lib.rs")), inputs.toString());
        assertTrue(inputs.stream().noneMatch(p -> p.getFileName().toString().equals("gen.rs")), inputs.toString());
    }

    @Test
    @Order(10)
    void declaredButUnnamedDependencyIsCallable() throws Exception {
        String call = "        b_mid::twice(21)\n    )";
        Path main = app.edit("app/src/main.rs", call, call + " + d_later::later()");
        PatchResult result = patch(main);

        assertTrue(apply(result).startsWith("loaded "));
        String expected = report("CORE-4+MID", 16, "SIDE-2", "MOTTO-2", "BANNER-2") + " later=LATER-1";
        assertEquals(expected, process.send("call"));
    }
}

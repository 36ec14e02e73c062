package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.SymbolCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The patcher's outcomes that end before any object is edited, on the fat-built test crate. */
class PatcherTest {
    private static final long RUNTIME_ANCHOR = 0x5555_5555_0000L;

    @TempDir
    static Path root;

    private static HostApp app;
    private static SymbolCache host;
    private static Patcher patcher;

    @BeforeAll
    static void prepare() throws Exception {
        app = HostApp.build(root);
        host = SymbolCache.load(app.binary());
        patcher = Patcher.prepare(CaptureStore.open(app.captureDir), host, PatcherOptions.defaults(root.resolve("work")));
    }

    @AfterAll
    static void close() {
        if (patcher != null) {
            patcher.close();
        }
    }

    @Test
    void compileErrorReturnsRustcMessage() throws Exception {
        app.edit("let text = \"TEXT-ORIGINAL\";", "let text: u32 = \"TEXT-ORIGINAL\";");
        try {
            PatchOutcome outcome = patcher.build(Set.of(app.mainRs()), Set.of(RUNTIME_ANCHOR));
            CompileFailed failed = assertInstanceOf(CompileFailed.class, outcome);
            assertTrue(failed.diagnostics().contains("error[E0308]: mismatched types"), failed.diagnostics());
            assertTrue(failed.diagnostics().contains("src/main.rs:"), failed.diagnostics());
        } finally {
            app.edit("let text: u32 = \"TEXT-ORIGINAL\";", "let text = \"TEXT-ORIGINAL\";");
        }
    }

    @Test
    void addedThreadLocalNeedsFullReload() throws Exception {
        String declaration = "thread_local! { static ADDED: std::cell::Cell<u8> = const { std::cell::Cell::new(1) }; }\n";
        app.edit("#[inline(never)]\nfn helper(", declaration + "#[inline(never)]\nfn helper(");
        app.edit("n * 2", "n * 2 + ADDED.with(|a| a.get() as usize) - 1");
        try {
            PatchOutcome outcome = patcher.build(Set.of(app.mainRs()), Set.of(RUNTIME_ANCHOR));
            NeedsFullReload reload = assertInstanceOf(NeedsFullReload.class, outcome);
            assertTrue(reload.reason().contains("adds a thread_local"), reload.reason());
            assertTrue(reload.reason().contains("ADDED"), reload.reason());
        } finally {
            app.edit("n * 2 + ADDED.with(|a| a.get() as usize) - 1", "n * 2");
            app.edit(declaration, "");
        }
    }

    @Test
    void prewarmCompletesWithCompileTime() throws Exception {
        Duration elapsed = patcher.prewarm().get(HostApp.BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(elapsed.compareTo(Duration.ZERO) > 0, elapsed.toString());
    }

    @Test
    void manifestChangeNeedsFullReload() {
        PatchOutcome outcome = patcher.build(Set.of(app.mainRs(), app.crate.resolve("Cargo.toml")), Set.of(RUNTIME_ANCHOR));
        NeedsFullReload reload = assertInstanceOf(NeedsFullReload.class, outcome);
        assertTrue(reload.reason().contains("Cargo.toml changed"), reload.reason());
    }

    @Test
    void patchDirectoryIsPrivate() throws Exception {
        assertEquals(PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(root.resolve("work/patches")));
    }

    @Test
    void anchorComesFromHost() {
        assertEquals(host.lookup(PatcherOptions.DEFAULT_ANCHOR).get(0).address(), patcher.staticAnchorAddress());
    }

    @Test
    void missingAnchorRejectsHost() {
        PatcherOptions options = PatcherOptions.defaults(root.resolve("other")).withAnchor("no_such_anchor");
        HostNotPatchableException e = assertThrows(HostNotPatchableException.class,
                () -> Patcher.prepare(CaptureStore.open(app.captureDir), host, options));
        assertEquals(app.binary(), e.binary());
    }

    @Test
    void thinCommandHasPatchFlags() {
        String command = String.join(" ", patcher.thinRustcCommand());
        assertTrue(command.contains("--crate-name hostapp"), command);
        assertTrue(command.contains("-C relocation-model=static -C code-model=large"), command);
        assertTrue(command.contains("--emit=obj,dep-info --out-dir " + root.resolve("work/objects")), command);
    }
}

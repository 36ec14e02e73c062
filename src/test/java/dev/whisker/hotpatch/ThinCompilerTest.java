package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the thin rustc on the fat-built test crate with real cargo and rustc. */
class ThinCompilerTest {
    @TempDir
    static Path root;

    private static HostApp app;
    private static ToolRunner runner;

    @BeforeAll
    static void buildApp() throws Exception {
        app = HostApp.build(root);
        runner = new ToolRunner(root.resolve("work/scratch"));
    }

    @AfterAll
    static void closeRunner() {
        runner.close();
    }

    @Test
    void editCompilesToObjects() throws Exception {
        app.edit("TEXT-ORIGINAL", "TEXT-EDITED");
        try {
            ThinCompiler compiler = new ThinCompiler(CaptureStore.open(app.captureDir).tipRustc(), root.resolve("work"),
                    runner, Duration.ofMinutes(5));
            ThinCompiler.Result result = compiler.compile();
            assertTrue(result.failure().isEmpty(), () -> result.failure().get().diagnostics());
            assertFalse(result.objects().isEmpty());
            boolean found = false;
            for (Path object : result.objects()) {
                found |= new String(Files.readAllBytes(object), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("TEXT-EDITED");
            }
            assertTrue(found, "no object contains the edited string");
        } finally {
            app.edit("TEXT-EDITED", "TEXT-ORIGINAL");
        }
    }

    @Test
    void compileErrorReturnsRustcDiagnostics() throws Exception {
        app.edit("let text = \"TEXT-ORIGINAL\";", "let text: u32 = \"TEXT-ORIGINAL\";");
        try {
            ThinCompiler compiler = new ThinCompiler(CaptureStore.open(app.captureDir).tipRustc(), root.resolve("work"),
                    runner, Duration.ofMinutes(5));
            ThinCompiler.Result result = compiler.compile();
            assertTrue(result.failure().isPresent());
            String diagnostics = result.failure().get().diagnostics();
            assertTrue(diagnostics.contains("error[E0308]: mismatched types"), diagnostics);
            assertTrue(diagnostics.contains("src/main.rs"), diagnostics);
            assertFalse(diagnostics.contains("\u001b["), "diagnostics contain ANSI colour codes");
            assertTrue(result.objects().isEmpty());
        } finally {
            app.edit("let text: u32 = \"TEXT-ORIGINAL\";", "let text = \"TEXT-ORIGINAL\";");
        }
    }
}

package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThinRustcPlanTest {
    private static final Path INC = Path.of("/w/inc");
    private static final Path OBJ = Path.of("/w/obj");

    private static ThinRustcPlan plan(String... args) {
        return ThinRustcPlan.of(new CapturedInvocation(List.of(args), Path.of("/p"),
                Map.of("CARGO_MAKEFLAGS", "-j2", "OUT_DIR", "/o", "CARGO_PKG_NAME", "app")), INC, OBJ);
    }

    private static ThinRustcPlan plain(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "/bin/rustc";
        System.arraycopy(args, 0, all, 1, args.length);
        return plan(all);
    }

    @Test
    void keepsIdentityArguments() {
        List<String> argv = plain("--crate-name", "app", "--edition=2024", "src/main.rs", "--crate-type", "bin",
                "-C", "metadata=abc", "-C", "extra-filename=-1a", "-L", "dependency=/t/deps",
                "--extern", "foo=/t/libfoo.rlib", "--cfg", "feature=\"x\"", "--check-cfg", "cfg(docsrs)").argv();
        assertEquals(List.of("/bin/rustc", "--crate-name", "app", "--edition=2024", "src/main.rs",
                "--crate-type", "bin", "-C", "metadata=abc", "-C", "extra-filename=-1a",
                "-L", "dependency=/t/deps", "--extern", "foo=/t/libfoo.rlib", "--cfg", "feature=\"x\"",
                "--check-cfg", "cfg(docsrs)"), argv.subList(0, 19));
    }

    @Test
    void dropsCargoOutputOptions() {
        List<String> argv = plain("--emit=dep-info,link", "--out-dir", "/t/deps", "--error-format=json",
                "--json=diagnostic-rendered-ansi", "--color=always", "src/main.rs").argv();
        assertEquals(List.of("/bin/rustc", "src/main.rs"), argv.subList(0, 2));
        assertFalse(argv.contains("/t/deps"));
        assertFalse(argv.contains("--error-format=json"));
        assertEquals(1, Collections.frequency(argv, "--out-dir"));
    }

    @Test
    void dropsSeparatedValueForms() {
        List<String> argv = plain("--emit", "link", "--error-format", "json", "--json", "artifacts",
                "-o", "/t/x", "src/main.rs").argv();
        assertEquals(List.of("/bin/rustc", "src/main.rs"), argv.subList(0, 2));
    }

    @Test
    void replacesCodegenOptionsInEveryForm() {
        List<String> argv = plain("-C", "incremental=/t/inc", "-Clinker=/s/whisker-cc", "--codegen", "opt-level=3",
                "--codegen=codegen-units=256", "-C", "debuginfo=2", "-C", "lto", "-C", "panic=abort").argv();
        assertEquals(List.of("/bin/rustc", "-C", "panic=abort"), argv.subList(0, 3));
        assertFalse(argv.contains("incremental=/t/inc"));
        assertFalse(argv.contains("-Clinker=/s/whisker-cc"));
        assertFalse(argv.contains("debuginfo=2"));
    }

    @Test
    void addsPatchCompileFlags() {
        List<String> argv = plain("src/main.rs").argv();
        String joined = String.join(" ", argv);
        assertTrue(joined.contains("-C relocation-model=static"), joined);
        assertTrue(joined.contains("-C code-model=large"), joined);
        assertTrue(joined.contains("-C link-dead-code"), joined);
        assertTrue(joined.contains("-C opt-level=0"), joined);
        assertTrue(joined.contains("-C incremental=/w/inc"), joined);
        assertTrue(joined.contains("-C codegen-units=16"), joined);
        assertTrue(joined.endsWith("--emit=obj,dep-info --out-dir /w/obj"), joined);
    }

    @Test
    void argfileOptionsAreFiltered(@TempDir Path dir) throws IOException {
        Path argfile = dir.resolve("app-1a.rsp.1");
        Files.writeString(argfile, "--crate-name\napp\n--emit=dep-info,link\n-C\nincremental=/t/inc\nsrc/main.rs\n");
        List<String> argv = plain("@" + argfile, "--edition=2024").argv();
        assertEquals(List.of("/bin/rustc", "--crate-name", "app", "src/main.rs", "--edition=2024"), argv.subList(0, 5));
        assertFalse(argv.contains("incremental=/t/inc"));
    }

    @Test
    void missingArgfileIsReported(@TempDir Path dir) {
        Path argfile = dir.resolve("gone.rsp");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class, () -> plain("@" + argfile));
        assertEquals(argfile, e.path());
    }

    @Test
    void envDropsMakeflagsOnly() {
        ThinRustcPlan plan = plain("src/main.rs");
        assertEquals(Map.of("OUT_DIR", "/o", "CARGO_PKG_NAME", "app"), plan.env());
        assertEquals(Path.of("/p"), plan.cwd());
        assertEquals(OBJ, plan.objectDir());
    }

    @Test
    void libraryCompileEmitsMetadataAndDepInfo() {
        ThinRustcPlan plan = ThinRustcPlan.forCrate(new CapturedInvocation(List.of("/bin/rustc", "--crate-name", "a",
                "--crate-type", "lib", "src/lib.rs"), Path.of("/p"), Map.of()), INC, OBJ, true, Map.of());
        assertTrue(plan.argv().contains("--emit=obj,dep-info,metadata"), plan.argv().toString());
        assertTrue(plan.argv().contains("--crate-type"), plan.argv().toString());
    }

    @Test
    void rebuiltDependenciesAreSearchedFirstAndNamed() {
        List<String> argv = ThinRustcPlan.forCrate(new CapturedInvocation(List.of("/bin/rustc", "--crate-name", "app",
                "-L", "dependency=/t/deps", "--extern", "b_mid=/t/deps/libb_mid-2b.rlib",
                "--extern=c_side=/t/deps/libc_side-3c.rmeta", "--extern", "std_like=/t/deps/libother-9.rlib",
                "src/main.rs"), Path.of("/p"), Map.of()), INC, OBJ, false,
                Map.of("b_mid-2b", Path.of("/w/crates/b_mid-2b/libb_mid-2b.rmeta"),
                        "a_core-1a", Path.of("/w/crates/a_core-1a/liba_core-1a.rmeta"))).argv();
        assertEquals("-L", argv.get(1));
        assertTrue(argv.subList(1, 5).containsAll(List.of("dependency=/w/crates/b_mid-2b",
                "dependency=/w/crates/a_core-1a")), argv.toString());
        assertTrue(argv.contains("b_mid=/w/crates/b_mid-2b/libb_mid-2b.rmeta"), argv.toString());
        assertTrue(argv.contains("--extern=c_side=/t/deps/libc_side-3c.rmeta"), argv.toString());
        assertTrue(argv.contains("std_like=/t/deps/libother-9.rlib"), argv.toString());
        assertTrue(argv.contains("--emit=obj,dep-info"), argv.toString());
    }
}

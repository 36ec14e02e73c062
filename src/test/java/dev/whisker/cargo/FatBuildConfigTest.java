package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fat builds with cargo settings that the shims reject or honour, on real crates. */
class FatBuildConfigTest {

    private static final String TRIPLE = "x86_64-unknown-linux-gnu";
    private static final String LINKER_VARIABLE = "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER";
    private static final String MAIN = "fn main() {\n    println!(\"done\");\n}\n";

    @TempDir
    Path temp;

    @Test
    void linkerInRustflagsRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of("RUSTFLAGS", "-C opt-level=0 -C linker=gcc"), null);

        assertEquals("-C linker=gcc", error.setting());
        assertEquals("RUSTFLAGS", error.source());
        assertTrue(error.getMessage().contains("remove -C linker from RUSTFLAGS"), error.getMessage());
    }

    @Test
    void linkerInEncodedRustflagsRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(
                Map.of("CARGO_ENCODED_RUSTFLAGS", "-Clinker=clang\u001f-Cdebuginfo=0"), null);

        assertEquals("-C linker=clang", error.setting());
        assertEquals("CARGO_ENCODED_RUSTFLAGS", error.source());
    }

    @Test
    void linkerInTargetRustflagsVariableRejected() throws Exception {
        String variable = "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS";
        UnsupportedBuildConfigException error = rejected(Map.of(variable, "--codegen linker=gcc"), null);

        assertEquals("-C linker=gcc", error.setting());
        assertEquals(variable, error.source());
    }

    @Test
    void linkerInBuildRustflagsRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of(), """
                [build]
                rustflags = [
                    "-C", "debuginfo=1", # comment
                    "-C", "linker=gcc",
                ]
                """);

        assertEquals("-C linker=gcc", error.setting());
        assertEquals(config().toString(), error.source());
        assertTrue(error.getMessage().contains("build.rustflags"), error.getMessage());
        assertTrue(error.getMessage().contains("target.<triple>.linker"), error.getMessage());
    }

    @Test
    void linkerInTargetRustflagsRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of(),
                "[target.x86_64-unknown-linux-gnu]\nrustflags = \"-C linker=gcc\"\n");

        assertEquals("-C linker=gcc", error.setting());
        assertTrue(error.getMessage().contains("target." + TRIPLE + ".rustflags"), error.getMessage());
    }

    @Test
    void cfgLinkerRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of(), "[target.'cfg(unix)']\nlinker = \"gcc\"\n");

        assertEquals("target.'cfg(unix)'.linker = \"gcc\"", error.setting());
        assertEquals(config().toString(), error.source());
        assertTrue(error.getMessage().contains("target.x86_64-unknown-linux-gnu.linker"), error.getMessage());
    }

    @Test
    void otherBuildTargetRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of(), "[build]\ntarget = \"aarch64-unknown-linux-gnu\"\n");

        assertEquals("build.target = \"aarch64-unknown-linux-gnu\"", error.setting());
        assertTrue(error.getMessage().contains("set it to " + TRIPLE), error.getMessage());
    }

    @Test
    void otherBuildTargetVariableRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of("CARGO_BUILD_TARGET", "i686-unknown-linux-gnu"), null);

        assertEquals("CARGO_BUILD_TARGET", error.source());
    }

    @Test
    void rawLdLinkerRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of(), "[target.x86_64-unknown-linux-gnu]\nlinker = \"ld\"\n");

        assertEquals("target." + TRIPLE + ".linker = \"ld\"", error.setting());
        assertTrue(error.getMessage().contains("Use gcc"), error.getMessage());
    }

    @Test
    void lldLinkerVariableRejected() throws Exception {
        UnsupportedBuildConfigException error = rejected(Map.of(LINKER_VARIABLE, "ld.lld"), null);

        assertEquals(LINKER_VARIABLE + "=ld.lld", error.setting());
        assertEquals(LINKER_VARIABLE, error.source());
    }

    @Test
    void linkerVariableGccBuilds() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "env-gcc", MAIN);
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));

        BuildResult result = build(Map.of(LINKER_VARIABLE, "gcc"), manifest, layout);

        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("link/" + result.linkKey() + ".argv"));
        assertEquals("gcc", argv.get(0));
        assertTrue(run(result.binary()).contains("done"));
    }

    @Test
    void fuseLdInRustflagsBuilds() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "fuse-ld", MAIN);
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));

        BuildResult result = build(Map.of("RUSTFLAGS", "-C link-arg=-fuse-ld=lld"), manifest, layout);

        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("link/" + result.linkKey() + ".argv"));
        assertTrue(argv.contains("-fuse-ld=lld"), argv.toString());
        assertTrue(run(result.binary()).contains("done"));
    }

    @Test
    void hostBuildTargetBuilds() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "host-target", MAIN);
        TestCrates.write(config(), "[build]\ntarget = \"" + TRIPLE + "\"\n");

        BuildResult result = build(Map.of(), manifest, BuildLayout.under(temp.resolve("target")));

        assertTrue(run(result.binary()).contains("done"));
    }

    /** Runs a fat build that must be rejected, and checks that cargo never built anything. */
    private UnsupportedBuildConfigException rejected(Map<String, String> variables, String configText)
            throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "rejected-app", MAIN);
        if (configText != null) {
            TestCrates.write(config(), configText);
        }
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));

        UnsupportedBuildConfigException error = assertThrows(UnsupportedBuildConfigException.class,
                () -> build(variables, manifest, layout));

        assertTrue(error.getMessage().contains(error.setting()), error.getMessage());
        assertTrue(error.getMessage().contains(error.source()), error.getMessage());
        assertFalse(Files.exists(layout.cargoTargetDir()), "cargo ran although the setting was rejected");
        return error;
    }

    private Path config() {
        return temp.resolve("app/.cargo/config.toml");
    }

    private static BuildResult build(Map<String, String> variables, Path manifest, BuildLayout layout)
            throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(variables);
        Toolchain toolchain = Toolchain.locate(env);
        CargoProject project = CargoProject.load(toolchain, manifest.getParent(), Optional.empty(), Optional.empty(),
                Optional.empty());
        try (ChildProcesses children = new ChildProcesses()) {
            return new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children,
                    CargoListener.ignoring()).run();
        }
    }

    private static String run(Path binary) throws Exception {
        Process app = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS), "app did not exit");
        return new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

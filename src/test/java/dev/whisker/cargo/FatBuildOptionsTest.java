package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fat builds with profiles, features, a configured linker, and lost captures. */
class FatBuildOptionsTest {

    private static final String MAIN = """
            fn main() {
                #[cfg(feature = "extra")]
                println!("extra on");
                println!("done");
            }

            #[allow(dead_code)]
            fn %s() {}
            """.formatted(TestCrates.UNUSED_FUNCTION);

    @TempDir
    Path temp;

    @Test
    void releaseProfileWithStripKeepsSymbols() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "stripped-app", MAIN);
        Files.writeString(manifest, Files.readString(manifest) + "\n[profile.release]\nstrip = \"symbols\"\n");
        BuildResult result = build(manifest, new BuildOptions("release", List.of()));

        assertEquals("release", result.binary().getParent().getFileName().toString());
        // The optimizer may drop the unused function, but strip = "symbols" would also remove
        // the local symbol of main from .symtab.
        assertTrue(symbols(result.binary()).contains("12stripped_app4main"));
    }

    @Test
    void customProfileUsed() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "profiled", MAIN);
        Files.writeString(manifest, Files.readString(manifest) + "\n[profile.fast]\ninherits = \"dev\"\n");

        BuildResult result = build(manifest, new BuildOptions("fast", List.of()));

        assertEquals("fast", result.binary().getParent().getFileName().toString());
        assertEquals("fast", result.profile());
        assertTrue(run(result.binary()).contains("done"));
    }

    @Test
    void featuresReachTheBuild() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "featured", MAIN);
        Files.writeString(manifest, Files.readString(manifest) + "\n[features]\nextra = []\n");
        BuildResult result = build(manifest, new BuildOptions("dev", List.of("extra")));

        assertTrue(run(result.binary()).contains("extra on"));
    }

    @Test
    void configuredLinkerKeepsItsFlavor() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "gcc-linked", MAIN);
        TestCrates.write(temp.resolve("app/.cargo/config.toml"),
                "[target.'x86_64-unknown-linux-gnu']\nlinker = \"gcc\" # GNU driver, no rust-lld\n");
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));
        BuildResult result = build(manifest, BuildOptions.defaults(), layout);

        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("link/" + result.linkKey() + ".argv"));
        assertEquals("gcc", argv.get(0));
        // rustc adds -fuse-ld=lld for a linker named cc but not for one named gcc. The shim must
        // keep the name so that the flags match a build without it.
        assertFalse(argv.contains("-fuse-ld=lld"), argv.toString());
        assertTrue(Files.isExecutable(layout.shimsDir().resolve("flavor/gcc")));
        assertTrue(run(result.binary()).contains("done"));
    }

    @Test
    void userConfiguredLldKeepsWorking() throws Exception {
        Path lld = Path.of("/usr/bin/ld.lld-14");
        Assumptions.assumeTrue(Files.isExecutable(lld), "needs Debian's lld-14 package");
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("ld.lld"), lld);
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "lld-app", MAIN);
        TestCrates.write(temp.resolve("app/.cargo/config.toml"), """
                [target.x86_64-unknown-linux-gnu]
                linker = "gcc"
                rustflags = ["-C", "link-arg=-fuse-ld=lld"]
                """);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", bin + ":" + env.get("PATH"));

        BuildResult result = build(Toolchain.locate(env), manifest, BuildOptions.defaults(),
                BuildLayout.under(temp.resolve("target")));

        assertTrue(run(result.binary()).contains("done"));
        assertTrue(comment(result.binary()).contains("Debian LLD 14"), "not linked by the configured ld.lld");
    }

    @Test
    void gnuLdLinksWholeArchive() throws Exception {
        Path manifest = TestCrates.writeAppWithPathDependency(temp.resolve("app"));
        TestCrates.write(temp.resolve("app/.cargo/config.toml"), "[target.x86_64-unknown-linux-gnu]\nlinker = \"gcc\"\n");

        BuildResult result = build(manifest, BuildOptions.defaults());

        assertTrue(run(result.binary()).contains("hello from my-app"));
        assertTrue(symbols(result.binary()).contains(TestCrates.UNUSED_HELPER));
    }

    @Test
    void lostCaptureIsRebuilt() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "recaptured", MAIN);
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));
        BuildResult first = build(manifest, BuildOptions.defaults(), layout);
        Files.delete(layout.captureDir().resolve("rustc/" + first.tipKey() + ".argv"));
        Files.delete(layout.captureDir().resolve("link/" + first.linkKey() + ".argv"));

        BuildResult second = build(manifest, BuildOptions.defaults(), layout);

        assertEquals(first.tipKey(), second.tipKey());
        assertTrue(Files.isRegularFile(layout.captureDir().resolve("rustc/" + second.tipKey() + ".argv")));
        assertTrue(Files.isRegularFile(layout.captureDir().resolve("link/" + second.linkKey() + ".argv")));
    }

    @Test
    void pathDependencyOutsideWorkspaceBuilds() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "outer-app",
                "fn main() { println!(\"{}\", outside::value()); }\n");
        Files.writeString(manifest, Files.readString(manifest) + "\n[dependencies]\noutside = { path = \"../outside\" }\n");
        TestCrates.write(temp.resolve("outside/Cargo.toml"), "[package]\nname = \"outside\"\nversion = \"0.1.0\"\n");
        TestCrates.write(temp.resolve("outside/src/lib.rs"), "pub fn value() -> u8 { 9 }\n");

        BuildResult result = build(manifest, BuildOptions.defaults());

        // Cargo runs the workspace wrapper for workspace members only, so the dependency has no
        // capture and build.json lists the bin alone.
        assertEquals(List.of("outer_app"), result.packages().stream().map(CapturedPackage::crateName).toList());
        assertTrue(run(result.binary()).contains("9"));
    }

    @Test
    void versionEditKeepsProjectUsable() throws Exception {
        Path manifest = TestCrates.writeAppWithPathDependency(temp.resolve("app"));
        Toolchain toolchain = TestCrates.toolchain();
        CargoProject project = CargoProject.load(toolchain, manifest.getParent(), Optional.empty(), Optional.empty(),
                Optional.empty());
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));
        try (ChildProcesses children = new ChildProcesses()) {
            new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children, CargoListener.ignoring()).run();
            Files.writeString(manifest, Files.readString(manifest).replace("0.1.0", "0.3.0"));
            Path helperManifest = manifest.resolveSibling("libs/helper lib/Cargo.toml");
            Files.writeString(helperManifest, Files.readString(helperManifest).replace("0.2.0", "0.4.0"));

            BuildResult result = new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children,
                    CargoListener.ignoring()).run();

            assertEquals(List.of("my_app", "helper_lib"),
                    result.packages().stream().map(CapturedPackage::crateName).toList());
            assertTrue(run(result.binary()).contains("hello from my-app"));
        }
    }

    @Test
    void invalidProfileNameRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new BuildOptions("../x", List.of()));
        assertTrue(error.getMessage().contains("../x"), error.getMessage());
        assertTrue(error.getMessage().contains("whisker.profile"), error.getMessage());
    }

    @Test
    void exportedSymbolReachesDynamicTable() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("app"), "exporting", MAIN);

        BuildResult plain = build(manifest, new BuildOptions("dev", List.of()));
        assertFalse(dynamicSymbols(plain.binary()).lines().anyMatch(line -> line.endsWith(" T main")));
        BuildResult exported = build(manifest, new BuildOptions("dev", List.of(), List.of("main")));

        assertTrue(dynamicSymbols(exported.binary()).lines().anyMatch(line -> line.endsWith(" T main")));
    }

    @Test
    void invalidExportedSymbolRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new BuildOptions("dev", List.of(), List.of("main,x")));
        assertTrue(error.getMessage().contains("main,x"), error.getMessage());
    }

    private BuildResult build(Path manifest, BuildOptions options) throws Exception {
        return build(manifest, options, BuildLayout.under(temp.resolve("target")));
    }

    private static BuildResult build(Path manifest, BuildOptions options, BuildLayout layout) throws Exception {
        return build(TestCrates.toolchain(), manifest, options, layout);
    }

    private static BuildResult build(Toolchain toolchain, Path manifest, BuildOptions options, BuildLayout layout)
            throws Exception {
        CargoProject project = CargoProject.load(toolchain, manifest.getParent(), Optional.empty(), Optional.empty(),
                Optional.empty());
        try (ChildProcesses children = new ChildProcesses()) {
            return new FatBuild(toolchain, project, layout, options, children, CargoListener.ignoring()).run();
        }
    }

    private static String run(Path binary) throws IOException, InterruptedException {
        Process app = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS), "app did not exit");
        return new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Returns the {@code .comment} strings, where each linker that ran may leave its name. */
    private static String comment(Path binary) throws IOException, InterruptedException {
        Process readelf = new ProcessBuilder("readelf", "-p", ".comment", binary.toString()).redirectErrorStream(true).start();
        String output = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(readelf.waitFor(30, TimeUnit.SECONDS), "readelf did not exit");
        return output;
    }

    private static String dynamicSymbols(Path binary) throws IOException, InterruptedException {
        Process nm = new ProcessBuilder("nm", "-D", binary.toString()).redirectErrorStream(true).start();
        String output = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nm.waitFor(30, TimeUnit.SECONDS), "nm did not exit");
        return output;
    }

    private static String symbols(Path binary) throws IOException, InterruptedException {
        Process nm = new ProcessBuilder("nm", binary.toString()).redirectErrorStream(true).start();
        String output = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nm.waitFor(30, TimeUnit.SECONDS), "nm did not exit");
        return output;
    }
}

package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real fat build once on a workspace with a path dependency, in paths with spaces. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FatBuildTest {

    private CargoProject project;
    private BuildLayout layout;
    private BuildResult result;
    private final TestCrates.Recorder recorder = new TestCrates.Recorder();

    @BeforeAll
    void build(@TempDir Path temp) throws Exception {
        Path crate = temp.resolve("with space/my-app");
        TestCrates.writeAppWithPathDependency(crate);
        Toolchain toolchain = TestCrates.toolchain();
        project = CargoProject.load(toolchain, crate, Optional.empty(), Optional.empty(), Optional.empty());
        layout = BuildLayout.under(temp.resolve("maven target"));
        try (ChildProcesses children = new ChildProcesses()) {
            result = new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children, recorder).run();
        }
    }

    @Test
    void captureFilesExistForTipAndLink() {
        for (String ext : List.of(".argv", ".env", ".cwd")) {
            assertTrue(Files.isRegularFile(layout.captureDir().resolve("rustc/" + result.tipKey() + ext)), ext);
            assertTrue(Files.isRegularFile(layout.captureDir().resolve("link/" + result.linkKey() + ext)), ext);
        }
        assertTrue(result.tipKey().startsWith("my_app-"), result.tipKey());
        assertEquals(result.tipKey(), result.linkKey());
    }

    @Test
    void tipArgvStartsWithRustc() throws IOException {
        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("rustc/" + result.tipKey() + ".argv"));
        assertEquals("rustc", Path.of(argv.get(0)).getFileName().toString());
        assertTrue(containsPair(argv, "--crate-name", "my_app"), argv.toString());
    }

    @Test
    void tipArgvHasLinkDeadCode() throws IOException {
        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("rustc/" + result.tipKey() + ".argv"));
        assertTrue(containsPair(argv, "-C", "link-dead-code"), argv.toString());
        assertTrue(containsPair(argv, "--crate-name", "my_app"), argv.toString());
    }

    @Test
    void linkDeadCodeOnlyInTipArgv() throws IOException {
        List<Path> others;
        try (Stream<Path> files = Files.list(layout.captureDir().resolve("rustc"))) {
            others = files.filter(f -> f.toString().endsWith(".argv"))
                    .filter(f -> !f.getFileName().toString().equals(result.tipKey() + ".argv"))
                    .toList();
        }
        assertFalse(others.isEmpty(), "the path dependency must have a capture too");
        for (Path other : others) {
            List<String> argv = TestCrates.readNulSeparated(other);
            assertFalse(containsPair(argv, "-C", "link-dead-code"), other.toString());
        }
    }

    @Test
    void tipEnvironmentIsCapturedWhole() throws IOException {
        List<String> env = TestCrates.readNulSeparated(layout.captureDir().resolve("rustc/" + result.tipKey() + ".env"));
        assertTrue(env.contains("CARGO_PKG_NAME=my-app"), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=")), "PATH missing");
        String cwd = Files.readString(layout.captureDir().resolve("rustc/" + result.tipKey() + ".cwd"));
        assertEquals(project.workspaceRoot().toRealPath().toString(), cwd);
    }

    @Test
    void linkResponseFilesAreCopied() throws IOException {
        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("link/" + result.linkKey() + ".argv"));
        assertEquals(RealLinker.DEFAULT_PROGRAM, argv.get(0));
        assertTrue(containsPair(argv, "-o", layout.cargoTargetDir().resolve("debug/deps/" + result.linkKey()).toString()),
                argv.toString());
        for (String arg : argv) {
            if (arg.startsWith("@")) {
                Path copy = Path.of(arg.substring(1));
                assertTrue(copy.startsWith(layout.captureDir().resolve("link")), arg);
                assertTrue(Files.isRegularFile(copy), arg);
            }
        }
    }

    @Test
    void probeCallIsNotCaptured() throws IOException {
        try (Stream<Path> files = Files.list(layout.captureDir().resolve("rustc"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("___")));
        }
    }

    @Test
    void buildJsonNamesBinaryAndKeys() throws IOException {
        JsonNode json = new ObjectMapper().readTree(result.buildJson().toFile());
        assertEquals(result.binary().toString(), json.path("binary").asText());
        assertEquals(result.tipKey(), json.path("tipKey").asText());
        assertEquals(result.linkKey(), json.path("linkKey").asText());
        assertEquals("dev", json.path("profile").asText());
        assertEquals(layout.cargoTargetDir().toString(), json.path("targetDir").asText());
        assertEquals(2, json.path("packages").size());
        JsonNode helper = json.path("packages").get(1);
        assertEquals("helper-lib", helper.path("name").asText());
        assertEquals("helper_lib", helper.path("crateName").asText());
        assertEquals(project.workspaceRoot().resolve("libs/helper lib/src").toString(), helper.path("srcRoot").asText());
        assertTrue(Files.isRegularFile(layout.captureDir().resolve("rustc/" + helper.path("key").asText() + ".argv")));
    }

    @Test
    void binaryRunsAndKeepsSymbols() throws Exception {
        assertTrue(result.binary().startsWith(layout.cargoTargetDir()), result.binary().toString());
        Process app = new ProcessBuilder(result.binary().toString()).redirectErrorStream(true).start();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS), "app did not exit");
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(output.contains("hello from my-app"), output);

        Process nm = new ProcessBuilder("nm", result.binary().toString()).redirectErrorStream(true).start();
        String symbols = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nm.waitFor(30, TimeUnit.SECONDS), "nm did not exit");
        assertEquals(0, nm.exitValue(), symbols);
        assertTrue(symbols.contains(TestCrates.UNUSED_FUNCTION), "unused tip function missing: not linked or stripped");
        assertTrue(symbols.contains(TestCrates.UNUSED_HELPER), "unused dependency function missing: no whole-archive");
    }

    @Test
    void dependencyRlibLinkedWholeArchive() throws IOException {
        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("link/" + result.linkKey() + ".argv"));
        int rlib = -1;
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).contains("/libhelper_lib-") && argv.get(i).endsWith(".rlib")) {
                rlib = i;
            }
        }
        assertTrue(rlib > 0, argv.toString());
        assertEquals("-Wl,--whole-archive", argv.get(rlib - 1));
        assertEquals("-Wl,--no-whole-archive", argv.get(rlib + 1));
        assertTrue(argv.stream().filter(a -> a.contains("/lib/rustlib/") && a.endsWith(".rlib")).count() > 0);
        assertEquals(1, argv.stream().filter("-Wl,--whole-archive"::equals).count(), "sysroot rlibs must stay as they are");
    }

    @Test
    void launchedBinaryGetsDevAddress() throws Exception {
        TestCrates.Recorder appEvents = new TestCrates.Recorder();
        AppLauncher launcher = new AppLauncher(System.getenv(), new ChildProcesses(), appEvents);
        LaunchSpec spec = LaunchSpec.forBinary(result.binary(), List.of(), project.workspaceRoot(), "127.0.0.1:9999",
                Optional.of("t0ken"));

        int exitCode = launcher.launch(spec).exitCode().get(30, TimeUnit.SECONDS);

        assertEquals(0, exitCode);
        List<String> lines = appEvents.ofType(CargoEvent.AppOutput.class).stream().map(CargoEvent.AppOutput::line).toList();
        assertTrue(lines.contains("addr=127.0.0.1:9999"), lines.toString());
        assertTrue(lines.contains("stderr line"), lines.toString());
    }

    @Test
    void eventsReportBuild() {
        List<CargoEvent.BuildStarted> started = recorder.ofType(CargoEvent.BuildStarted.class);
        assertEquals(1, started.size());
        assertTrue(started.get(0).command().containsAll(List.of("rustc", "--bin", "my-app", "link-dead-code")));
        List<CargoEvent.BuildFinished> finished = recorder.ofType(CargoEvent.BuildFinished.class);
        assertEquals(1, finished.size());
        assertTrue(finished.get(0).success());
    }

    @Test
    void secondBuildReusesCaptures() throws Exception {
        try (ChildProcesses children = new ChildProcesses()) {
            Toolchain toolchain = TestCrates.toolchain();
            TestCrates.Recorder again = new TestCrates.Recorder();
            BuildResult second = new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children, again).run();
            assertEquals(result.tipKey(), second.tipKey());
            assertEquals(result.binary(), second.binary());
            assertTrue(again.ofType(CargoEvent.ArtifactReady.class).stream().allMatch(CargoEvent.ArtifactReady::fresh));
            assertTrue(Files.isRegularFile(second.buildJson()));
        }
    }

    private static boolean containsPair(List<String> argv, String flag, String value) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(flag) && argv.get(i + 1).equals(value)) {
                return true;
            }
        }
        return argv.contains(flag + value) || argv.contains(flag + "=" + value);
    }
}

package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package without a bin: its cdylib is built with capture and loaded by a launch command. */
class SharedLibraryBuildTest {

    @TempDir
    Path temp;

    @Test
    void cdylibCapturedAndLoadedByLaunchCommand() throws Exception {
        Path crate = temp.resolve("native lib");
        TestCrates.write(crate.resolve("Cargo.toml"), """
                [package]
                name = "native-lib"
                version = "0.1.0"
                edition = "2021"

                [lib]
                crate-type = ["cdylib"]
                """);
        TestCrates.write(crate.resolve("src/lib.rs"), """
                #[no_mangle]
                pub extern "C" fn whisker_answer() -> u32 {
                    42
                }
                """);
        Toolchain toolchain = TestCrates.toolchain();
        CargoProject project = CargoProject.load(toolchain, crate, Optional.empty(), Optional.empty(), Optional.empty());
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));

        BuildResult result;
        try (ChildProcesses children = new ChildProcesses()) {
            result = new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children,
                    CargoListener.ignoring()).run();
        }

        assertFalse(project.binTarget().isPresent());
        assertEquals("libnative_lib.so", result.binary().getFileName().toString());
        assertEquals("libnative_lib.so", result.linkKey());
        assertEquals("native_lib", result.tipKey());
        List<String> argv = TestCrates.readNulSeparated(layout.captureDir().resolve("rustc/native_lib.argv"));
        assertTrue(argv.contains("link-dead-code"), argv.toString());
        assertTrue(Files.isRegularFile(layout.captureDir().resolve("link/libnative_lib.so.argv")));
        assertTrue(Files.isRegularFile(result.buildJson()));

        TestCrates.Recorder recorder = new TestCrates.Recorder();
        String script = "import ctypes, sys; print(ctypes.CDLL(sys.argv[1]).whisker_answer())";
        RunningApp app = new AppLauncher(System.getenv(), new ChildProcesses(), recorder).launch(
                LaunchSpec.forCommand(List.of("python3", "-c", script), List.of(result.binary().toString()), crate,
                        "127.0.0.1:1", Optional.empty()));
        assertEquals(0, app.exitCode().get(60, TimeUnit.SECONDS));
        assertEquals(List.of("42"), recorder.ofType(CargoEvent.AppOutput.class).stream()
                .map(CargoEvent.AppOutput::line).toList());
    }

    @Test
    void plainLibraryHasNoTipTarget() throws Exception {
        TestCrates.write(temp.resolve("Cargo.toml"), "[package]\nname = \"rlib-only\"\nversion = \"0.1.0\"\n");
        TestCrates.write(temp.resolve("src/lib.rs"), "pub fn f() {}\n");
        CargoProject project = CargoProject.load(TestCrates.toolchain(), temp, Optional.empty(), Optional.empty(),
                Optional.empty());

        CargoMetadataException error = assertThrows(CargoMetadataException.class,
                project::requireTipTarget);

        assertTrue(error.getMessage().contains("crate rlib-only has no bin target and no cdylib library"),
                error.getMessage());
        assertTrue(error.getMessage().contains("<launchCommand>"), error.getMessage());
    }
}

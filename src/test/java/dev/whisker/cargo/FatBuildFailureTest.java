package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fat build of a crate that does not compile. */
class FatBuildFailureTest {

    @TempDir
    Path temp;

    @Test
    void compileErrorReportedAndNothingLeftRunning() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("broken app"), "broken-app",
                "fn main() {\n    let count: u32 = \"not a number\";\n    println!(\"{count}\");\n}\n");
        Toolchain toolchain = TestCrates.toolchain();
        CargoProject project = CargoProject.load(toolchain, manifest.getParent(), Optional.empty(), Optional.empty(),
                Optional.empty());
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));
        TestCrates.Recorder recorder = new TestCrates.Recorder();
        ChildProcesses children = new ChildProcesses();

        BuildFailedException error = assertThrows(BuildFailedException.class,
                () -> new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children, recorder).run());

        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        assertTrue(error.getMessage().contains("broken-app"), error.getMessage());
        assertTrue(error.getMessage().contains("error[E0308]: mismatched types"), error.getMessage());
        List<CargoEvent.CompilerMessage> messages = recorder.ofType(CargoEvent.CompilerMessage.class);
        assertTrue(messages.stream().anyMatch(m -> m.level().equals("error")
                && m.rendered().contains("src/main.rs:2") && m.rendered().contains("expected `u32`")), messages.toString());
        List<CargoEvent.BuildFinished> finished = recorder.ofType(CargoEvent.BuildFinished.class);
        assertEquals(1, finished.size());
        assertFalse(finished.get(0).success());
        assertTrue(children.alive().isEmpty(), children.alive().toString());
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                "a child of the build is still running");
        assertFalse(Files.exists(layout.captureDir().resolve("build.json")));
    }
}

package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A build step that hangs is ended by the step timeout, and the next build of the same project works. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FatBuildTimeoutTest {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    private static final String HANGING_BUILD_SCRIPT =
            "fn main() { std::thread::sleep(std::time::Duration::from_secs(600)); }\n";

    @TempDir
    Path temp;

    @Test
    void hangingStepTimesOutAndNextBuildWorks() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("hang"), "hang-app", "fn main() { println!(\"done\"); }\n");
        Path buildScript = manifest.resolveSibling("build.rs");
        TestCrates.write(buildScript, HANGING_BUILD_SCRIPT);
        Toolchain toolchain = TestCrates.toolchain();
        CargoProject project = CargoProject.load(toolchain, manifest.getParent(), Optional.empty(), Optional.empty(),
                Optional.empty());
        BuildLayout layout = BuildLayout.under(temp.resolve("target"));
        ChildProcesses children = new ChildProcesses();
        BuildOptions options = new BuildOptions("dev", List.of(), STEP_TIMEOUT);
        TestCrates.Recorder recorder = new TestCrates.Recorder();

        long start = System.nanoTime();
        BuildFailedException error = assertThrows(BuildFailedException.class,
                () -> new FatBuild(toolchain, project, layout, options, children, recorder).run());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(error.getMessage().contains("timed out"), error.getMessage());
        assertTrue(error.getMessage().contains("for 5 s"), error.getMessage());
        assertTrue(error.getMessage().contains("stepTimeoutSeconds"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(120)) < 0, "ended after " + took);
        List<CargoEvent.BuildFinished> finished = recorder.ofType(CargoEvent.BuildFinished.class);
        assertEquals(1, finished.size());
        assertFalse(finished.get(0).success());
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                "a step of the timed-out build is still running");

        Files.writeString(buildScript, "fn main() {}\n");
        BuildResult second = new FatBuild(toolchain, project, layout, options, children, recorder).run();

        assertTrue(Files.isExecutable(second.binary()));
    }

    @Test
    void negativeStepTimeoutRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new BuildOptions("dev", List.of(), Duration.ofSeconds(-1)));

        assertTrue(error.getMessage().contains("stepTimeoutSeconds"), error.getMessage());
    }
}

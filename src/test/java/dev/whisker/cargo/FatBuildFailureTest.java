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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fat builds that fail or are cancelled. */
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

    @Test
    void destroyAllCancelsRunningBuild() throws Exception {
        Path manifest = TestCrates.writeBin(temp.resolve("slow"), "slow-app", "fn main() {}\n");
        TestCrates.write(manifest.resolveSibling("build.rs"),
                "fn main() { std::thread::sleep(std::time::Duration::from_secs(300)); }\n");
        Toolchain toolchain = TestCrates.toolchain();
        CargoProject project = CargoProject.load(toolchain, manifest.getParent(), Optional.empty(), Optional.empty(),
                Optional.empty());
        ChildProcesses children = new ChildProcesses();
        FatBuild build = new FatBuild(toolchain, project, BuildLayout.under(temp.resolve("target")),
                BuildOptions.defaults(), children, CargoListener.ignoring());
        CompletableFuture<BuildResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return build.run();
            } catch (CargoException e) {
                throw new CompletionException(e);
            }
        });
        awaitBuildScript(Duration.ofMinutes(2));

        children.destroyAll(Duration.ofSeconds(5));

        ExecutionException error = assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
        assertTrue(error.getCause() instanceof BuildFailedException, error.getCause().toString());
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                "a child of the build is still running");
    }

    /** Waits (bounded) until a build script runs among this JVM's descendants. */
    private static void awaitBuildScript(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = ProcessHandle.current().descendants()
                    .anyMatch(p -> p.info().command().orElse("").contains("build-script-build"));
            if (running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the build script did not start within " + timeout);
    }
}

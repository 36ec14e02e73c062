package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launches real processes. */
class AppLauncherTest {

    private static final String TOKEN = "secret-token-0123456789abcdef";
    private static final String SCRIPT = "echo \"addr=$WHISKER_DEV_ADDR\"; echo \"token=$WHISKER_DEV_TOKEN\";"
            + " echo \"dir=$(pwd -P)\"; echo \"args=$*\"; echo oops >&2; exit 3";

    @TempDir
    Path temp;

    @Test
    void launcherPassesEnvAndStreamsLines() throws Exception {
        TestCrates.Recorder recorder = new TestCrates.Recorder();
        AppLauncher launcher = new AppLauncher(System.getenv(), new ChildProcesses(), recorder);
        LaunchSpec spec = LaunchSpec.forCommand(List.of("sh", "-c", SCRIPT, "app"), List.of("one", "two"), temp,
                "127.0.0.1:4567", Optional.of(TOKEN));

        RunningApp app = launcher.launch(spec);
        int exitCode = app.exitCode().get(30, TimeUnit.SECONDS);

        assertEquals(3, exitCode);
        List<String> stdout = lines(recorder, CargoEvent.Stream.STDOUT);
        assertEquals(List.of("addr=127.0.0.1:4567", "token=" + TOKEN, "dir=" + temp.toRealPath(), "args=one two"), stdout);
        assertEquals(List.of("oops"), lines(recorder, CargoEvent.Stream.STDERR));
        assertEquals(List.of(new CargoEvent.AppExited(app.pid(), 3)), recorder.ofType(CargoEvent.AppExited.class));
        assertEquals(app.pid(), recorder.ofType(CargoEvent.AppStarted.class).get(0).pid());
    }

    @Test
    void tokenNeverInEvents() throws Exception {
        TestCrates.Recorder recorder = new TestCrates.Recorder();
        AppLauncher launcher = new AppLauncher(System.getenv(), new ChildProcesses(), recorder);
        LaunchSpec spec = LaunchSpec.forCommand(List.of("true"), List.of(), temp, "127.0.0.1:1", Optional.of(TOKEN));

        launcher.launch(spec).exitCode().get(30, TimeUnit.SECONDS);

        assertFalse(recorder.events.isEmpty());
        for (CargoEvent event : recorder.events) {
            assertFalse(event.toString().contains(TOKEN), event.toString());
        }
        assertFalse(spec.toString().contains(TOKEN), spec.toString());
    }

    @Test
    void failingListenerDoesNotStallApp() throws Exception {
        CargoListener failing = event -> {
            if (!(event instanceof CargoEvent.AppStarted)) {
                throw new IllegalStateException("listener bug");
            }
        };
        AppLauncher launcher = new AppLauncher(System.getenv(), new ChildProcesses(), failing);
        // 200,000 lines are far more than a pipe buffer holds, so the app blocks unless
        // reading goes on after the listener fails.
        LaunchSpec spec = LaunchSpec.forCommand(List.of("sh", "-c", "seq 1 200000"), List.of(), temp, "127.0.0.1:1",
                Optional.empty());

        RunningApp app = launcher.launch(spec);

        assertEquals(0, app.exitCode().get(60, TimeUnit.SECONDS));
    }

    @Test
    void missingProgramNamed() {
        AppLauncher launcher = new AppLauncher(System.getenv(), new ChildProcesses(), CargoListener.ignoring());
        LaunchSpec spec = LaunchSpec.forCommand(List.of("no-such-program-xyz", "-v"), List.of(), temp, "127.0.0.1:1",
                Optional.empty());

        LaunchException error = assertThrows(LaunchException.class, () -> launcher.launch(spec));

        assertTrue(error.getMessage().contains("no-such-program-xyz was not found on PATH"), error.getMessage());
        assertTrue(error.getMessage().contains("whisker.launchCommand"), error.getMessage());
        assertEquals(Optional.of("launchCommand"), error.parameter());
    }

    @Test
    void missingRelativeProgramNamed() {
        AppLauncher launcher = new AppLauncher(System.getenv(), new ChildProcesses(), CargoListener.ignoring());
        LaunchSpec spec = LaunchSpec.forCommand(List.of("bin/app"), List.of(), temp, "127.0.0.1:1", Optional.empty());

        LaunchException error = assertThrows(LaunchException.class, () -> launcher.launch(spec));

        String path = temp.resolve("bin/app").toString();
        assertTrue(error.getMessage().contains(path + " does not exist"), error.getMessage());
        assertEquals(error.getMessage().indexOf("bin/app"), error.getMessage().lastIndexOf("bin/app"),
                "path named twice: " + error.getMessage());
    }

    @Test
    void stopEndsRunningApp() throws Exception {
        TestCrates.Recorder recorder = new TestCrates.Recorder();
        ChildProcesses children = new ChildProcesses();
        AppLauncher launcher = new AppLauncher(System.getenv(), children, recorder);
        RunningApp app = launcher.launch(LaunchSpec.forCommand(List.of("sleep", "300"), List.of(), temp,
                "127.0.0.1:1", Optional.empty()));

        app.stop(Duration.ofSeconds(5));

        assertEquals(128 + 15, app.exitCode().get(30, TimeUnit.SECONDS));
        assertFalse(app.isAlive());
        assertTrue(children.alive().isEmpty());
    }

    private static List<String> lines(TestCrates.Recorder recorder, CargoEvent.Stream stream) {
        return recorder.ofType(CargoEvent.AppOutput.class).stream()
                .filter(output -> output.stream() == stream)
                .map(CargoEvent.AppOutput::line)
                .toList();
    }
}

package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and a broken disk or toolchain, each with real cargo: the session either fails to start with a message
 * that names the value, or, once running, reports the failed build and keeps the app and the loop alive.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DevServerBadInputTest {

    private static final long EVENT_TIMEOUT_SECONDS = 120;
    private static final String TICKER = String.join("\n",
            "fn main() {",
            "    for tick in 1.. {",
            "        println!(\"tick {tick}\");",
            "        std::thread::sleep(std::time::Duration::from_millis(200));",
            "    }",
            "}",
            "");

    @TempDir
    Path project;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private DevServer server;
    private Path mounted;

    @AfterEach
    void closeServer() throws Exception {
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
        if (mounted != null) {
            run("umount", mounted.toString());
        }
    }

    private void writeCrate(String mainSource) throws IOException {
        Files.writeString(project.resolve("Cargo.toml"),
                "[package]\nname = \"ticker\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/main.rs"), mainSource);
    }

    private ConfigBuilder config(Path buildDir) {
        return new ConfigBuilder(project, buildDir).bind("127.0.0.1:0").mode("off");
    }

    private DevServer session(Config config) {
        server = new DevServer(config, event -> {
            seen.add(event);
            events.add(event);
        });
        return server;
    }

    private void startLoop(DevServer session) throws Exception {
        session.start();
        executor.submit(() -> {
            session.run();
            return null;
        });
    }

    private <T extends Event> T await(Class<T> type, Predicate<T> filter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(event) && filter.test(type.cast(event))) {
                return type.cast(event);
            }
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within " + EVENT_TIMEOUT_SECONDS
                + " s; saw " + seen);
    }

    private <T extends Event> T await(Class<T> type) throws InterruptedException {
        return await(type, event -> true);
    }

    /** Runs a command and returns its exit code, or -1 when it cannot be started. */
    private static int run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void invalidManifestShowsCargoError() throws Exception {
        Files.writeString(project.resolve("Cargo.toml"), "[package\nname = \"ticker\"\n");

        BuildFailedException error = assertThrows(BuildFailedException.class,
                () -> session(config(project.resolve("target")).build()).start());

        assertTrue(error.getMessage().contains(project.resolve("Cargo.toml").toString()), error.getMessage());
        assertTrue(seen.stream().noneMatch(Event.AppStarted.class::isInstance));
    }

    @Test
    void missingLaunchCommandIsNamed() throws Exception {
        writeCrate(TICKER);
        Config config = config(project.resolve("target")).launchCommand("no-such-launcher --verbose").build();

        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> session(config).start());

        assertEquals("launchCommand", error.parameter());
        assertTrue(error.getMessage().contains("no-such-launcher"), error.getMessage());
        assertTrue(seen.stream().noneMatch(Event.BuildStarted.class::isInstance), "checked after a build: " + seen);
        assertTrue(seen.stream().noneMatch(Event.AppStarted.class::isInstance), seen.toString());
    }

    /**
     * A module file that is a dangling symbolic link, which is what a checkout of a link to a missing file or a
     * deleted target looks like. (The tests run as root, which can read any file, so permissions cannot make a file
     * unreadable here.)
     */
    @Test
    void danglingModuleFileFailsWithRustcError() throws Exception {
        writeCrate("mod gone;\n\nfn main() {\n    gone::f();\n}\n");
        Files.createSymbolicLink(project.resolve("src/gone.rs"), project.resolve("deleted/gone.rs"));

        BuildFailedException error = assertThrows(BuildFailedException.class,
                () -> session(config(project.resolve("target")).build()).start());

        assertTrue(error.getMessage().contains("E0583"), error.getMessage());
        assertTrue(error.getMessage().contains("gone"), error.getMessage());
    }

    /** A file where a directory of the build must go, as on a disk that cannot take the build. */
    @Test
    void buildDirBelowFileIsNamed() throws Exception {
        writeCrate(TICKER);
        Path blocker = Files.writeString(project.resolve("blocker"), "a file, not a directory");

        EnvironmentException error = assertThrows(EnvironmentException.class,
                () -> session(config(blocker.resolve("target")).build()).start());

        assertTrue(error.getMessage().contains(blocker.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("Not a directory"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), error.getMessage());
    }

    /** Needs permission to mount a tmpfs (root in a container that allows it); skipped otherwise. */
    @Test
    void readOnlyDiskKeepsLoopRunning() throws Exception {
        writeCrate(TICKER);
        Path disk = Files.createDirectories(project.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=512m", "tmpfs", disk.toString()) == 0,
                "cannot mount a tmpfs here");
        mounted = disk;
        DevServer session = session(config(disk).build());
        startLoop(session);
        long pid = await(Event.AppStarted.class).pid();
        assertEquals(0, run("mount", "-o", "remount,ro", disk.toString()), "remount read-only");

        session.submit(DevCommand.FULL_RELOAD);
        Event.BuildFinished failed = await(Event.BuildFinished.class);
        await(Event.Warning.class);

        assertFalse(failed.succeeded());
        assertTrue(failed.detail().contains("Read-only file system"), failed.detail());
        assertTrue(failed.detail().contains(disk.toString()), failed.detail());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the app keeps running");

        assertEquals(0, run("mount", "-o", "remount,rw", disk.toString()), "remount read-write");
        session.submit(DevCommand.FULL_RELOAD);

        assertEquals(2, await(Event.CycleFinished.class).cycle());
    }

    @Test
    void hungBuildKeepsLoopRunning() throws Exception {
        writeCrate(TICKER);
        DevServer session = session(config(project.resolve("target")).stepTimeoutSeconds(5).build());
        startLoop(session);
        long pid = await(Event.AppStarted.class).pid();
        Path buildScript = Files.writeString(project.resolve("build.rs"),
                "fn main() { std::thread::sleep(std::time::Duration::from_secs(600)); }\n");

        session.submit(DevCommand.FULL_RELOAD);
        Event.BuildFinished failed = await(Event.BuildFinished.class);
        await(Event.Warning.class);

        assertFalse(failed.succeeded());
        assertTrue(failed.detail().contains("timed out"), failed.detail());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the app keeps running");

        Files.delete(buildScript);
        session.submit(DevCommand.FULL_RELOAD);

        assertEquals(2, await(Event.CycleFinished.class).cycle());
    }
}

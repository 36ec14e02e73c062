package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whole sessions with real cargo on a small std-only crate: start-up faults, a full reload, app
 * exits and shutdown. Every wait is bounded; builds share one target directory, so only the first
 * test compiles from scratch.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DevServerTest {

    private static final long EVENT_TIMEOUT_SECONDS = 120;

    private static final String MAIN_RS = String.join("\n",
            "use std::time::Duration;",
            "extern \"C\" {",
            "    fn signal(signum: i32, handler: usize) -> usize;",
            "}",
            "fn main() {",
            "    if std::env::args().any(|a| a == \"ignore-term\") {",
            "        // SAFETY: SIG_IGN (1) for SIGTERM (15) installs no Rust code as a handler.",
            "        unsafe { signal(15, 1) };",
            "    }",
            "    if std::env::args().any(|a| a == \"exit\") {",
            "        println!(\"exiting with 3\");",
            "        std::process::exit(3);",
            "    }",
            "    let addr = std::env::var(\"WHISKER_DEV_ADDR\").unwrap_or_default();",
            "    println!(\"dev addr {addr}\");",
            "    for tick in 1.. {",
            "        println!(\"tick {tick}\");",
            "        std::thread::sleep(Duration::from_millis(100));",
            "    }",
            "}",
            "");

    @TempDir
    static Path project;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private DevServer server;

    @BeforeAll
    static void writeCrate() throws IOException {
        Files.writeString(project.resolve("Cargo.toml"),
                "[package]\nname = \"ticker\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/main.rs"), MAIN_RS);
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
    }

    private ConfigBuilder config() {
        return new ConfigBuilder(project, project.resolve("target")).bind("127.0.0.1:0").mode("off");
    }

    private DevServer server(Config config) {
        server = new DevServer(config, event -> {
            seen.add(event);
            events.add(event);
        });
        return server;
    }

    private <T extends Event> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + EVENT_TIMEOUT_SECONDS + " s; saw " + seen);
    }

    private static boolean isFree(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertGone(long pid) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
    }

    @Test
    void missingManifestNamesPathsTried(@TempDir Path empty) {
        DevServer session = server(new ConfigBuilder(empty, empty.resolve("target")).bind("127.0.0.1:0").build());

        InvalidParameterException error = assertThrows(InvalidParameterException.class, session::start);

        assertEquals("manifestPath", error.parameter());
        assertTrue(error.getMessage().contains(empty.resolve("Cargo.toml").toString()), error.getMessage());
        assertTrue(error.getMessage().contains(empty.resolve("src/main/rust/Cargo.toml").toString()), error.getMessage());
    }

    @Test
    void portInUseNamesAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String bind = "127.0.0.1:" + taken.getLocalPort();
            DevServer session = server(config().bind(bind).build());

            InvalidParameterException error = assertThrows(InvalidParameterException.class, session::start);

            assertEquals("bind", error.parameter());
            assertTrue(error.getMessage().contains(bind), error.getMessage());
            assertTrue(error.getMessage().contains("already in use"), error.getMessage());
        }
    }

    @Test
    void wildcardBindWarnsAboutNetwork() throws Exception {
        DevServer session = server(config().bind("0.0.0.0:0").build());
        session.start();

        Event.Warning warning = await(Event.Warning.class);

        assertTrue(warning.message().contains("reachable from other machines"), warning.message());
        assertTrue(warning.message().contains("whisker.bind"), warning.message());
    }

    @Test
    void closeEndsAppAndFreesPort() throws Exception {
        DevServer session = server(config().build());
        session.start();
        InetSocketAddress address = await(Event.ServerStarted.class).address();
        long pid = await(Event.AppStarted.class).pid();
        assertEquals("dev addr 127.0.0.1:" + address.getPort(), await(Event.AppOutput.class).line());

        session.close();

        assertGone(pid);
        assertTrue(isFree(address), "port " + address.getPort() + " still bound");
    }

    @Test
    void secondCloseReturnsAfterFirstFinishes() throws Exception {
        // An app that ignores SIGTERM keeps the first close busy for the whole grace period.
        DevServer session = server(config().appArgs("ignore-term").build());
        session.start();
        InetSocketAddress address = await(Event.ServerStarted.class).address();
        long pid = await(Event.AppStarted.class).pid();
        await(Event.AppOutput.class);
        Future<?> firstClose = executor.submit(() -> session.close());
        // Gives the other thread a head start, as the JVM's shutdown hook has on Ctrl-C; if this thread
        // still comes first, it does the whole close itself and the checks below hold all the same.
        Thread.sleep(200);

        session.close();

        assertGone(pid);
        assertTrue(isFree(address), "port " + address.getPort() + " still bound");
        firstClose.get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void closeFromOtherThreadEndsRun() throws Exception {
        DevServer session = server(config().build());
        session.start();
        long pid = await(Event.AppStarted.class).pid();
        Future<?> loop = executor.submit(() -> {
            session.run();
            return null;
        });

        session.close();
        loop.get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertGone(pid);
        assertTrue(await(Event.Stopping.class).reason().contains("closed"));
    }

    @Test
    void closeWithReasonReportsIt() throws Exception {
        DevServer session = server(config().build());
        session.start();
        Future<?> loop = executor.submit(() -> {
            session.run();
            return null;
        });

        session.close("interrupted (Ctrl-C or SIGTERM)");
        loop.get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertEquals("interrupted (Ctrl-C or SIGTERM)", await(Event.Stopping.class).reason());
    }

    private int indexOf(java.util.function.Predicate<Event> condition) {
        for (int i = 0; i < seen.size(); i++) {
            if (condition.test(seen.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void fullReloadRestartsApp() throws Exception {
        DevServer session = server(config().build());
        session.start();
        long firstPid = await(Event.AppStarted.class).pid();
        Future<?> loop = executor.submit(() -> {
            session.run();
            return null;
        });

        session.submit(DevCommand.FULL_RELOAD);
        long secondPid = await(Event.AppStarted.class).pid();
        assertEquals(1, await(Event.CycleFinished.class).cycle());
        session.submit(DevCommand.QUIT);
        loop.get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertTrue(firstPid != secondPid);
        assertGone(firstPid);
        assertTrue(seen.stream().noneMatch(Event.AppExited.class::isInstance), "a replaced app is not reported as exited");
        String stopping = "Stopping the old app (pid " + firstPid + ")";
        int stopped = indexOf(event -> event.message().startsWith(stopping));
        int started = indexOf(event -> event instanceof Event.AppStarted app && app.pid() == secondPid);
        assertTrue(stopped >= 0, "no '" + stopping + "' in " + seen);
        assertTrue(stopped < started, "the stop is logged after the new app started: " + seen);
    }

    @Test
    void appExitIsReportedWithCode() throws Exception {
        DevServer session = server(config().appArgs("exit").build());
        session.start();
        Future<?> loop = executor.submit(() -> {
            session.run();
            return null;
        });

        Event.AppExited exited = await(Event.AppExited.class);

        assertEquals(3, exited.exitCode());
        assertTrue(exited.message().contains("Press R"), exited.message());
        session.submit(DevCommand.QUIT);
        loop.get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void stopWhenEndsRun() throws Exception {
        DevServer session = server(config().stopWhen("^tick 3$").stopAfterSeconds(EVENT_TIMEOUT_SECONDS).build());
        session.start();

        Future<?> loop = executor.submit(() -> {
            session.run();
            return null;
        });
        loop.get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        Event.Stopping stopping = await(Event.Stopping.class);
        assertTrue(stopping.reason().contains("tick 3"), stopping.reason());
    }

    @Test
    void launchFalseExplainsManualStartWithoutToken() throws Exception {
        DevServer session = server(config().launch(false).token("s3cret-token").build());
        session.start();
        InetSocketAddress address = await(Event.ServerStarted.class).address();
        Event.Notice notice = await(Event.Notice.class);
        Path tokenFile = project.resolve("target/whisker/token");

        assertTrue(notice.message().contains("WHISKER_DEV_ADDR=127.0.0.1:" + address.getPort()), notice.message());
        assertTrue(notice.message().contains(tokenFile.toString()), notice.message());
        assertFalse(notice.message().contains("s3cret-token"), "the token must not be logged");
        assertEquals("s3cret-token", Files.readString(tokenFile));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertTrue(seen.stream().noneMatch(Event.AppStarted.class::isInstance));
    }

    @Test
    void libraryWithoutLaunchCommandIsRejected(@TempDir Path library) throws Exception {
        Files.writeString(library.resolve("Cargo.toml"), "[package]\nname = \"jnilib\"\nversion = \"0.1.0\"\n"
                + "edition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n");
        Files.createDirectories(library.resolve("src"));
        Files.writeString(library.resolve("src/lib.rs"), "pub fn f() {}\n");
        DevServer session = server(new ConfigBuilder(library, library.resolve("target")).bind("127.0.0.1:0").build());

        InvalidParameterException error = assertThrows(InvalidParameterException.class, session::start);

        assertEquals("launchCommand", error.parameter());
        assertTrue(error.getMessage().contains("only the library jnilib"), error.getMessage());
    }

    @Test
    void initialBuildFailureLeavesNothingRunning(@TempDir Path broken) throws Exception {
        Files.writeString(broken.resolve("Cargo.toml"), "[package]\nname = \"broken\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        Files.createDirectories(broken.resolve("src"));
        Files.writeString(broken.resolve("src/main.rs"), "fn main() { let x: u32 = \"text\"; }\n");
        DevServer session = server(new ConfigBuilder(broken, broken.resolve("target")).bind("127.0.0.1:0").build());

        BuildFailedException error = assertThrows(BuildFailedException.class, session::start);
        InetSocketAddress address = await(Event.ServerStarted.class).address();
        session.close();

        assertTrue(error.getMessage().contains("broken"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "the reason is one line: " + error.getMessage());
        assertTrue(seen.stream().anyMatch(e -> e instanceof Event.BuildOutput output && output.line().contains("E0308")),
                "cargo's diagnostics are shown: " + seen);
        assertTrue(seen.stream().noneMatch(Event.AppStarted.class::isInstance));
        assertTrue(isFree(address), "port " + address.getPort() + " still bound");
    }
}

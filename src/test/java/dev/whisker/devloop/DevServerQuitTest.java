package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presses {@code q} while a real cargo build hangs in a build script that sleeps for 120 s: the
 * session must end the build script and return long before the sleep would end.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DevServerQuitTest {

    private static final long EVENT_TIMEOUT_SECONDS = 120;
    /** Well below the build script's 120 s sleep, and above the 3 s + 5 s that ending cargo may take. */
    private static final long QUIT_TIMEOUT_SECONDS = 40;

    /** Sleeps only while the file {@code slow} exists, and then first writes its pid to {@code build-pid}. */
    private static final String BUILD_RS = String.join("\n",
            "fn main() {",
            "    println!(\"cargo:rerun-if-changed=slow\");",
            "    if std::path::Path::new(\"slow\").exists() {",
            "        std::fs::write(\"build-pid\", std::process::id().to_string()).unwrap();",
            "        std::thread::sleep(std::time::Duration::from_secs(120));",
            "    }",
            "}",
            "");

    private static final String MAIN_RS = String.join("\n",
            "fn main() {",
            "    loop {",
            "        println!(\"tick\");",
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

    @BeforeEach
    void writeCrate() throws IOException {
        Files.writeString(project.resolve("Cargo.toml"),
                "[package]\nname = \"sleepy\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/main.rs"), MAIN_RS);
        Files.writeString(project.resolve("build.rs"), BUILD_RS);
        server = new DevServer(new ConfigBuilder(project, project.resolve("target")).bind("127.0.0.1:0").mode("off")
                .build(), event -> {
                    seen.add(event);
                    events.add(event);
                });
    }

    @AfterEach
    void closeServer() {
        server.close();
        executor.shutdownNow();
    }

    @Test
    void quitDuringInitialBuildEndsBuild() throws Exception {
        Files.writeString(project.resolve("slow"), "");
        Future<?> session = executor.submit(() -> {
            server.start();
            server.run();
            return null;
        });
        long buildScriptPid = awaitBuildScriptPid();

        server.submit(DevCommand.QUIT);

        session.get(QUIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.close();
        assertGone(buildScriptPid);
        assertEquals("q pressed", await(Event.Stopping.class).reason());
    }

    @Test
    void quitDuringFullReloadEndsBuild() throws Exception {
        server.start();
        long appPid = await(Event.AppStarted.class).pid();
        Future<?> loop = executor.submit(() -> {
            server.run();
            return null;
        });
        Files.writeString(project.resolve("slow"), "");
        server.submit(DevCommand.FULL_RELOAD);
        long buildScriptPid = awaitBuildScriptPid();

        server.submit(DevCommand.QUIT);

        loop.get(QUIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.close();
        assertGone(buildScriptPid);
        assertGone(appPid);
        assertEquals("q pressed", await(Event.Stopping.class).reason());
    }

    private long awaitBuildScriptPid() throws InterruptedException, IOException {
        Path pidFile = project.resolve("build-pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isEmpty()) {
                return Long.parseLong(Files.readString(pidFile).trim());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("build script did not start within " + EVENT_TIMEOUT_SECONDS + " s; saw " + seen);
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

    private static void assertGone(long pid) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
    }
}

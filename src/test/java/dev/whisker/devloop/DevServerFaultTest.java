package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole sessions with an app that links the real {@code whisker-dev-client} crate of this repository: an app killed
 * mid-session, and a session whose every event is checked for the token.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DevServerFaultTest {

    private static final long EVENT_TIMEOUT_SECONDS = 120;
    private static final Path CLIENT_CRATE = Path.of("client").toAbsolutePath();

    @TempDir
    static Path project;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private DevServer server;

    @BeforeAll
    static void writeCrate() throws IOException {
        Files.writeString(project.resolve("Cargo.toml"), "[package]\nname = \"connected\"\nversion = \"0.1.0\"\n"
                + "edition = \"2021\"\n\n[dependencies]\nwhisker-dev-client = { path = \"" + CLIENT_CRATE + "\" }\n");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/main.rs"), String.join("\n",
                "fn main() {",
                "    whisker_dev_client::start();",
                "    for tick in 1.. {",
                "        println!(\"tick {tick}\");",
                "        std::thread::sleep(std::time::Duration::from_millis(200));",
                "    }",
                "}",
                ""));
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
    }

    private DevServer startSession(Config config) throws Exception {
        server = new DevServer(config, event -> {
            seen.add(event);
            events.add(event);
        });
        server.start();
        DevServer session = server;
        executor.submit(() -> {
            session.run();
            return null;
        });
        return server;
    }

    private Config config() {
        return new ConfigBuilder(project, project.resolve("target")).bind("127.0.0.1:0").mode("off").build();
    }

    /**
     * Returns the first event of {@code type} matching {@code filter} that the session emitted so far or emits
     * within the timeout. It searches every event seen, so events of different threads may arrive in any order.
     */
    private <T extends Event> T await(Class<T> type, Predicate<T> filter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_TIMEOUT_SECONDS);
        do {
            for (Event event : seen) {
                if (type.isInstance(event) && filter.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
        } while (events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) != null
                || System.nanoTime() < deadline);
        throw new AssertionError("no matching " + type.getSimpleName() + " within " + EVENT_TIMEOUT_SECONDS
                + " s; saw " + seen);
    }

    private <T extends Event> T await(Class<T> type) throws InterruptedException {
        return await(type, event -> true);
    }

    @Test
    void killedAppDropsSlideAndRestartSaysHello() throws Exception {
        DevServer session = startSession(config());
        long firstPid = await(Event.AppStarted.class).pid();
        Event.ClientReady first = await(Event.ClientReady.class);
        assertEquals(Set.of(first.aslrReference()), session.authenticatedAslrReferences());

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
        Event.AppExited exited = await(Event.AppExited.class);
        await(Event.ClientDisconnected.class, gone -> gone.count() == 0);

        assertEquals(firstPid, exited.pid());
        assertEquals(137, exited.exitCode(), "128 + SIGKILL");
        assertTrue(exited.message().contains("exited with code 137"), exited.message());
        assertTrue(exited.message().contains("Press R"), exited.message());
        assertEquals(Set.of(), session.authenticatedAslrReferences());

        session.submit(DevCommand.FULL_RELOAD);
        long secondPid = await(Event.AppStarted.class, started -> started.pid() != firstPid).pid();
        Event.ClientReady second = await(Event.ClientReady.class, ready -> ready.clientId() != first.clientId());

        assertNotEquals(firstPid, secondPid);
        assertNotEquals(first.clientId(), second.clientId());
        assertEquals(1, second.count());
        assertEquals(Set.of(second.aslrReference()), session.authenticatedAslrReferences());
    }

    private static WebSocket connect(int port) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/whisker-dev"), new WebSocket.Listener() { })
                .get(EVENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Runs a session through a hello, a client with a wrong token, a malformed hello that contains the token, a full
     * reload and a shutdown, then searches every event's
     * message and fields for the token.
     */
    @Test
    void tokenNeverInEvents() throws Exception {
        Config config = config();
        String token = config.token().orElseThrow();
        assertEquals(32, token.length(), "128 bits as hex");
        DevServer session = startSession(config);
        int port = await(Event.ServerStarted.class).address().getPort();
        await(Event.ClientReady.class);

        String wrongToken = token.substring(0, 31) + (token.endsWith("0") ? "1" : "0");
        connect(port).sendText("{\"kind\":\"hello\",\"aslr_reference\":1,\"token\":\"" + wrongToken + "\"}", true);
        await(Event.ClientRejected.class);
        connect(port).sendText("{\"kind\":\"hello\",\"token\":\"" + token + "\"", true);
        await(Event.ClientMessageMalformed.class);
        String firstClient = await(Event.ClientReady.class).clientId();
        session.submit(DevCommand.FULL_RELOAD);
        await(Event.CycleFinished.class);
        await(Event.ClientReady.class, ready -> !ready.clientId().equals(firstClient));
        session.close();
        await(Event.Stopping.class);

        assertFalse(seen.isEmpty());
        for (Event event : seen) {
            String text = event.message() + " " + event;
            assertFalse(text.contains(token), "token in " + event.getClass().getSimpleName() + ": " + text);
            assertFalse(text.contains(wrongToken), "wrong token in " + event.getClass().getSimpleName() + ": " + text);
        }
        assertFalse(config.toString().contains(token), config.toString());
    }

}

package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code whisker-dev-client} crate of this repository against a server that stops and starts again on the
 * same port while the app runs: the client reconnects with backoff (at most 2 s between attempts), says hello again,
 * and receives the next patch. The patch here is not a loadable library, so the client's {@code applied} reply
 * (ok false) proves that the frame reached it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClientReconnectTest {

    private static final Path CLIENT_CRATE = Path.of("client").toAbsolutePath();
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(240);
    private static final String TOKEN = "reconnect-token-0123456789abcdef";

    @TempDir
    Path crate;

    private Process app;
    private WhiskerServer server;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    private Path buildApp() throws Exception {
        Files.writeString(crate.resolve("Cargo.toml"), "[package]\nname = \"reconnecting\"\nversion = \"0.1.0\"\n"
                + "edition = \"2021\"\n\n[dependencies]\nwhisker-dev-client = { path = \"" + CLIENT_CRATE + "\" }\n");
        Files.createDirectories(crate.resolve("src"));
        Files.writeString(crate.resolve("src/main.rs"), "fn main() {\n    whisker_dev_client::start();\n"
                + "    loop {\n        std::thread::sleep(std::time::Duration::from_millis(100));\n    }\n}\n");
        Process cargo = new ProcessBuilder("cargo", "build", "--offline", "--quiet")
                .directory(crate.toFile())
                .redirectErrorStream(true)
                .redirectOutput(crate.resolve("cargo.log").toFile())
                .start();
        if (!cargo.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            cargo.destroyForcibly();
            throw new AssertionError("cargo build did not finish within " + BUILD_TIMEOUT);
        }
        assertEquals(0, cargo.exitValue(), () -> "cargo build failed: " + readLog());
        return crate.resolve("target/debug/reconnecting");
    }

    private String readLog() {
        try {
            return Files.readString(crate.resolve("cargo.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static ServerConfig onPort(int port) {
        return ServerConfig.of("127.0.0.1", port, Optional.of(TOKEN));
    }

    @Test
    void clientReconnectsAfterServerRestart() throws Exception {
        Path binary = buildApp();
        EventRecorder firstEvents = new EventRecorder();
        server = WhiskerServer.start(onPort(0), firstEvents);
        int port = server.boundAddress().getPort();
        ProcessBuilder launch = new ProcessBuilder(binary.toString()).redirectErrorStream(true)
                .redirectOutput(crate.resolve("app.log").toFile());
        launch.environment().put("WHISKER_DEV_ADDR", "127.0.0.1:" + port);
        launch.environment().put("WHISKER_DEV_TOKEN", TOKEN);
        app = launch.start();
        long aslr = firstEvents.await(ServerEvent.HelloAccepted.class).aslrReference();

        server.close();
        EventRecorder secondEvents = new EventRecorder();
        server = WhiskerServer.start(onPort(port), secondEvents);
        ServerEvent.HelloAccepted again = secondEvents.await(ServerEvent.HelloAccepted.class);

        assertTrue(app.isAlive(), "the app keeps running while the server is away");
        assertEquals(aslr, again.aslrReference(), "same process, same anchor address");
        PatchFrame unloadable = new PatchFrame(1, "patch-1.so", List.of(), aslr, 0, new byte[] {1, 2, 3});
        assertEquals(1, server.sendPatch(aslr, unloadable));
        ServerEvent.PatchApplied reply = secondEvents.await(ServerEvent.PatchApplied.class);

        assertEquals(1, reply.patchId());
        assertFalse(reply.ok(), "three bytes are no shared library");
        assertTrue(app.isAlive(), "a patch that cannot be loaded leaves the app running");
    }
}

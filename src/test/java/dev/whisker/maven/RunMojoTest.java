package dev.whisker.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.devloop.BindAddress;
import dev.whisker.devloop.Config;
import dev.whisker.devloop.Mode;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks how the goal's parameters become a {@link Config}, without a Maven runtime: fields are set
 * the way Maven injects them, with the defaults the annotations declare.
 */
class RunMojoTest {

    @TempDir
    Path project;

    private RunMojo mojoWithDefaults() throws Exception {
        RunMojo mojo = new RunMojo();
        set(mojo, "basedir", project.toFile());
        set(mojo, "buildDirectory", project.resolve("target").toFile());
        set(mojo, "profile", "dev");
        set(mojo, "bind", "127.0.0.1:9876");
        set(mojo, "mode", "hot");
        set(mojo, "launch", true);
        set(mojo, "debounceMillis", 50L);
        set(mojo, "anchor", "whisker_aslr_anchor");
        return mojo;
    }

    private static void set(RunMojo mojo, String name, Object value) throws Exception {
        Field field = RunMojo.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(mojo, value);
    }

    @Test
    void defaultsGiveLoopbackHotSession() throws Exception {
        Config config = mojoWithDefaults().readConfig();

        assertEquals(new BindAddress("127.0.0.1", 9876), config.bind());
        assertEquals(Mode.HOT, config.mode());
        assertEquals(Duration.ofMillis(50), config.debounce());
        assertTrue(config.token().orElseThrow().matches("[0-9a-f]{32}"));
        assertEquals(project.resolve("target/whisker"), config.whiskerDir());
        assertEquals("whisker_aslr_anchor", config.anchor());
        assertFalse(config.autoRestart());
    }

    @Test
    void everyParameterReachesConfig() throws Exception {
        RunMojo mojo = mojoWithDefaults();
        set(mojo, "manifestPath", new File("rust/Cargo.toml"));
        set(mojo, "packageName", "app");
        set(mojo, "bin", "server");
        set(mojo, "profile", "release");
        set(mojo, "features", "a,b");
        set(mojo, "bind", "127.0.0.1:0");
        set(mojo, "token", "t0k");
        set(mojo, "mode", "full");
        set(mojo, "launch", false);
        set(mojo, "launchCommand", "java -jar app.jar");
        set(mojo, "appArgs", "--port 8080");
        set(mojo, "debounceMillis", 120L);
        set(mojo, "stopAfterCycles", 2);
        set(mojo, "stopAfterSeconds", 60L);
        set(mojo, "stopWhen", "ready");
        Files.writeString(project.resolve("keys.txt"), "q\n");
        set(mojo, "commandFile", new File("keys.txt"));
        set(mojo, "anchor", "main");
        set(mojo, "autoRestart", true);

        Config config = mojo.readConfig();

        assertEquals(Optional.of(project.resolve("rust/Cargo.toml")), config.manifestPath());
        assertEquals(Optional.of("app"), config.packageName());
        assertEquals(Optional.of("server"), config.bin());
        assertEquals("release", config.profile());
        assertEquals(List.of("a", "b"), config.features());
        assertEquals(0, config.bind().port());
        assertEquals(Optional.of("t0k"), config.token());
        assertEquals(Mode.FULL, config.mode());
        assertEquals(false, config.launch());
        assertEquals(List.of("java", "-jar", "app.jar"), config.launchCommand());
        assertEquals(List.of("--port", "8080"), config.appArgs());
        assertEquals(Duration.ofMillis(120), config.debounce());
        assertEquals(2, config.stop().afterCycles());
        assertEquals(Duration.ofSeconds(60), config.stop().timeout());
        assertEquals("ready", config.stop().outputMatch().orElseThrow().pattern());
        assertEquals(Optional.of(project.resolve("keys.txt")), config.commandFile());
        assertEquals("main", config.anchor());
        assertTrue(config.autoRestart());
    }

    @Test
    void invalidParameterFailsNamingElementAndProperty() throws Exception {
        RunMojo mojo = mojoWithDefaults();
        set(mojo, "bind", "0.0.0.0:9876");
        set(mojo, "token", "none");

        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(error.getMessage().contains("not a loopback address"), error.getMessage());
        assertTrue(error.getMessage().contains("<token>"), error.getMessage());
        assertTrue(error.getMessage().contains("-Dwhisker.token="), error.getMessage());
    }
}

package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds configs from raw values as the Maven goal passes them, without a Maven runtime. */
class ConfigBuilderTest {

    @TempDir
    Path project;

    private ConfigBuilder builder() {
        return new ConfigBuilder(project, project.resolve("target"));
    }

    @Test
    void defaultsAreApplied() {
        Config config = builder().build();

        assertEquals(new BindAddress("127.0.0.1", 9876), config.bind());
        assertEquals(Mode.HOT, config.mode());
        assertEquals("dev", config.profile());
        assertEquals(Duration.ofMillis(50), config.debounce());
        assertTrue(config.launch());
        assertEquals(Optional.empty(), config.manifestPath());
        assertEquals(List.of(), config.features());
        assertEquals(List.of(), config.launchCommand());
        assertFalse(config.stop().isSet());
        assertEquals(project.resolve("target/whisker"), config.whiskerDir());
    }

    @Test
    void defaultTokenIsRandom128BitHex() {
        String first = builder().build().token().orElseThrow();
        String second = builder().build().token().orElseThrow();

        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertNotEquals(first, second);
    }

    @Test
    void tokenNoneOnLoopbackDisablesCheck() {
        assertEquals(Optional.empty(), builder().token("none").build().token());
    }

    @Test
    void tokenNoneOnNonLoopbackIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> builder().bind("0.0.0.0:9876").token("none").build());

        assertEquals("token", error.parameter());
        assertTrue(error.getMessage().contains("0.0.0.0:9876"), error.getMessage());
        assertTrue(error.getMessage().contains("not a loopback address"), error.getMessage());
    }

    @Test
    void nonLoopbackBindKeepsRandomToken() {
        Config config = builder().bind("0.0.0.0:0").build();

        assertTrue(config.token().isPresent());
        assertEquals(0, config.bind().port());
    }

    @Test
    void explicitTokenIsKept() {
        assertEquals(Optional.of("s3cret"), builder().token(" s3cret ").build().token());
    }

    @Test
    void toStringHidesToken() {
        Config config = builder().token("s3cret").build();

        assertFalse(config.toString().contains("s3cret"), config.toString());
    }

    @Test
    void invalidModeIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> builder().mode("warm").build());

        assertEquals("mode", error.parameter());
        assertEquals("warm", error.value());
        assertTrue(error.getMessage().contains("hot, full or off"), error.getMessage());
    }

    @Test
    void modeIsCaseInsensitive() {
        assertEquals(Mode.FULL, builder().mode("FULL").build().mode());
        assertEquals(Mode.OFF, builder().mode("off").build().mode());
    }

    @Test
    void invalidBindIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> builder().bind("9876").build());
        assertEquals("bind", error.parameter());
    }

    @Test
    void nonPositiveDebounceIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> builder().debounceMillis(0).build());
        assertEquals("debounceMillis", error.parameter());
    }

    @Test
    void missingCommandFileIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> builder().commandFile("/nonexistent").build());

        assertEquals("commandFile", error.parameter());
        assertTrue(error.getMessage().contains("/nonexistent does not exist"), error.getMessage());
        assertTrue(error.getMessage().contains("whisker.commandFile"), error.getMessage());
    }

    @Test
    void missingWatchPathIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> builder().watch("assets, missing-dir").build());

        assertEquals("watch", error.parameter());
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void watchPathsResolveAgainstProject() throws Exception {
        Files.createDirectories(project.resolve("assets"));
        Files.createDirectories(project.resolve("shaders"));

        Config config = builder().watch("assets, shaders").build();

        assertEquals(List.of(project.resolve("assets"), project.resolve("shaders")), config.watch());
    }

    @Test
    void commandsAreSplitLikeShellWords() {
        Config config = builder().launchCommand("java -cp 'my libs/x.jar' Main").appArgs("--name \"a b\" -v").build();

        assertEquals(List.of("java", "-cp", "my libs/x.jar", "Main"), config.launchCommand());
        assertEquals(List.of("--name", "a b", "-v"), config.appArgs());
    }

    @Test
    void featuresAcceptCommasAndBlanks() {
        assertEquals(List.of("a", "b", "c"), builder().features("a, b c").build().features());
    }

    @Test
    void relativeManifestPathResolvesAgainstProject() {
        Config config = builder().manifestPath("rust/Cargo.toml").build();
        assertEquals(Optional.of(project.resolve("rust/Cargo.toml")), config.manifestPath());
    }

    @Test
    void invalidStopWhenIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, () -> builder().stopWhen("tick (").build());
        assertEquals("stopWhen", error.parameter());
    }

    @Test
    void negativeStopValuesAreRejected() {
        assertEquals("stopAfterCycles",
                assertThrows(InvalidParameterException.class, () -> builder().stopAfterCycles(-1).build()).parameter());
        assertEquals("stopAfterSeconds",
                assertThrows(InvalidParameterException.class, () -> builder().stopAfterSeconds(-5).build()).parameter());
    }

    @Test
    void stopConditionsAreCollected() {
        StopConditions stop = builder().stopAfterCycles(1).stopAfterSeconds(120).stopWhen("tick \\d+").build().stop();

        assertEquals(1, stop.afterCycles());
        assertEquals(Duration.ofSeconds(120), stop.timeout());
        assertEquals("tick \\d+", stop.outputMatch().orElseThrow().pattern());
        assertTrue(stop.hasGoal());
    }

    @Test
    void stepTimeoutDefaultsAndZeroMeansNone() {
        assertEquals(java.time.Duration.ofSeconds(120), builder().build().stepTimeout());
        assertEquals(java.time.Duration.ZERO, builder().stepTimeoutSeconds(0).build().stepTimeout());
    }

    @Test
    void negativeStepTimeoutRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> builder().stepTimeoutSeconds(-5).build());

        assertEquals("stepTimeoutSeconds", error.parameter());
        assertTrue(error.getMessage().contains("-5"), error.getMessage());
    }

    @Test
    void invalidAnchorIsRejected() {
        InvalidParameterException error = assertThrows(InvalidParameterException.class,
                () -> builder().anchor("main()").build());
        assertEquals("anchor", error.parameter());
        assertTrue(error.getMessage().contains("main()"), error.getMessage());
    }

    @Test
    void anchorDefaultsToClientSymbol() {
        assertEquals("whisker_aslr_anchor", builder().build().anchor());
        assertEquals("main", builder().anchor(" main ").build().anchor());
    }
}

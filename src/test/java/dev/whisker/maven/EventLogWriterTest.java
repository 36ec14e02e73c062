package dev.whisker.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whisker.devloop.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogWriterTest {

    @Test
    void actionableEventsAreWarnings() {
        assertEquals(EventLogWriter.Level.WARN, EventLogWriter.levelOf(new Event.AppExited(1, 101)));
        assertEquals(EventLogWriter.Level.WARN, EventLogWriter.levelOf(new Event.ReloadPrompt("Cargo.toml changed")));
        assertEquals(EventLogWriter.Level.WARN, EventLogWriter.levelOf(new Event.ClientRejected("1", "wrong token")));
        assertEquals(EventLogWriter.Level.WARN, EventLogWriter.levelOf(new Event.PatchCompileFailed(1)));
        assertEquals(EventLogWriter.Level.WARN, EventLogWriter.levelOf(new Event.PatchRejected("1", 2, "dlopen failed", false)));
        assertEquals(EventLogWriter.Level.WARN, EventLogWriter.levelOf(new Event.PatchNeedsFullReload("new thread_local")));
        assertEquals(EventLogWriter.Level.WARN,
                EventLogWriter.levelOf(new Event.HostNotPatchable(java.nio.file.Path.of("/bin/app"), "stripped")));
    }

    @Test
    void failedBuildIsError() {
        assertEquals(EventLogWriter.Level.ERROR,
                EventLogWriter.levelOf(new Event.BuildFinished(false, Duration.ofMillis(5), "exit code 101")));
        assertEquals(EventLogWriter.Level.INFO,
                EventLogWriter.levelOf(new Event.BuildFinished(true, Duration.ofMillis(5), "/bin/app")));
    }

    @Test
    void clientDetailIsDebug() {
        assertEquals(EventLogWriter.Level.DEBUG, EventLogWriter.levelOf(new Event.ClientMessageMalformed("2", "not JSON")));
        assertEquals(EventLogWriter.Level.DEBUG, EventLogWriter.levelOf(new Event.ClientConnected("2", "/127.0.0.1:5000", 1)));
    }

    @Test
    void appOutputAndReadyClientAreInfo() {
        assertEquals(EventLogWriter.Level.INFO, EventLogWriter.levelOf(new Event.AppOutput("stdout", "tick 1")));
        assertEquals(EventLogWriter.Level.INFO, EventLogWriter.levelOf(new Event.ClientReady("1", 0x5555L, 1)));
        assertEquals(EventLogWriter.Level.INFO, EventLogWriter.levelOf(new Event.AppStarted(7, List.of("/bin/app"))));
    }

    @Test
    void compilerErrorsAndWarningsGetMavenLevels() {
        assertEquals(EventLogWriter.Level.ERROR,
                EventLogWriter.levelOf(new Event.BuildOutput("error[E0308]: mismatched types")));
        assertEquals(EventLogWriter.Level.ERROR,
                EventLogWriter.levelOf(new Event.BuildOutput("error: could not compile `app` (bin \"app\")")));
        assertEquals(EventLogWriter.Level.WARN,
                EventLogWriter.levelOf(new Event.BuildOutput("warning: unused variable: `x`")));
        assertEquals(EventLogWriter.Level.WARN,
                EventLogWriter.levelOf(new Event.RustcOutput("warning: function `f` is never used")));
        assertEquals(EventLogWriter.Level.INFO,
                EventLogWriter.levelOf(new Event.BuildOutput("   Compiling app v0.1.0 (/p)")));
        assertEquals(EventLogWriter.Level.INFO,
                EventLogWriter.levelOf(new Event.BuildOutput("  --> src/main.rs:3:9")));
    }
}

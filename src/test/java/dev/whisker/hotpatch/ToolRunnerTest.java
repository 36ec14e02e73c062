package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolRunnerTest {
    @TempDir
    Path dir;

    @Test
    void capturesOutputExitCodeAndEnv() {
        try (ToolRunner runner = new ToolRunner(dir.resolve("scratch"))) {
            ToolResult result = runner.run(List.of("/bin/sh", "-c", "echo out $ONLY; echo err >&2; pwd; exit 3"),
                    dir, Map.of("ONLY", "set"), Duration.ofSeconds(30));
            assertEquals(3, result.exitCode());
            assertEquals("out set\n" + dir + "\n", result.stdout());
            assertEquals("err\n", result.stderr());
        }
    }

    @Test
    void environmentIsReplacedNotMerged() {
        try (ToolRunner runner = new ToolRunner(dir)) {
            ToolResult result = runner.run(List.of("/bin/sh", "-c", "echo \"[$HOME]\""), dir, Map.of(),
                    Duration.ofSeconds(30));
            assertEquals("[]\n", result.stdout());
        }
    }

    @Test
    void timeoutKillsAndRaises() {
        try (ToolRunner runner = new ToolRunner(dir)) {
            ToolFailedException e = assertThrows(ToolFailedException.class, () -> runner.run(
                    List.of("/bin/sleep", "30"), dir, Map.of(), Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        }
    }

    @Test
    void closeStopsRunningTool() throws Exception {
        ToolRunner runner = new ToolRunner(dir);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runner.close();
        });
        closer.start();
        ToolFailedException e = assertThrows(ToolFailedException.class, () -> runner.run(
                List.of("/bin/sleep", "30"), dir, Map.of(), Duration.ofSeconds(60)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        closer.join(Duration.ofSeconds(10).toMillis());
    }

    @Test
    void closedRunnerRejectsRuns() {
        ToolRunner runner = new ToolRunner(dir);
        runner.close();
        assertThrows(ToolFailedException.class, () -> runner.run(List.of("/bin/true"), dir, Map.of(), Duration.ofSeconds(5)));
    }

    @Test
    void missingProgramRaises() {
        try (ToolRunner runner = new ToolRunner(dir)) {
            ToolFailedException e = assertThrows(ToolFailedException.class, () -> runner.run(
                    List.of("/no/such/rustc"), dir, Map.of(), Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("/no/such/rustc"), e.getMessage());
        }
    }
}

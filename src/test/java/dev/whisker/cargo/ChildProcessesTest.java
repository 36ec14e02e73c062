package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ends real process trees. */
class ChildProcessesTest {

    @Test
    void destroyAllEndsDescendants() throws Exception {
        ChildProcesses children = new ChildProcesses();
        Process polite = start(children, "sleep 300 & sleep 300 & echo ready; wait");
        // Ignoring SIGTERM is inherited by the sleeps, so only SIGKILL ends this tree.
        Process stubborn = start(children, "trap '' TERM; sleep 300 & echo ready; wait");
        List<ProcessHandle> all = new ArrayList<>();
        for (Process root : List.of(polite, stubborn)) {
            all.add(root.toHandle());
            root.toHandle().descendants().forEach(all::add);
        }
        assertEquals(5, all.size(), all.toString());

        children.destroyAll(Duration.ofMillis(300));

        for (ProcessHandle handle : all) {
            assertFalse(handle.isAlive(), "still alive: " + handle.pid() + " " + handle.info().commandLine());
        }
        assertTrue(children.alive().isEmpty());
    }

    @Test
    void processTrackedAfterCloseIsEnded() throws Exception {
        ChildProcesses children = new ChildProcesses();
        children.close();

        Process late = children.track(new ProcessBuilder("sleep", "300").start());

        assertTrue(late.waitFor(30, TimeUnit.SECONDS), "the late process is still running");
        assertTrue(children.alive().isEmpty());
    }

    @Test
    void exitedProcessLeavesRegistry() throws Exception {
        ChildProcesses children = new ChildProcesses();
        Process process = children.track(new ProcessBuilder("true").start());

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        process.onExit().get(30, TimeUnit.SECONDS);

        assertTrue(children.alive().isEmpty());
    }

    /** Starts {@code sh -c script} and waits (bounded) until it prints its first line. */
    private static Process start(ChildProcesses children, String script) throws Exception {
        Process process = children.track(new ProcessBuilder("sh", "-c", script).start());
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (Exception e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals("ready", line);
        return process;
    }
}

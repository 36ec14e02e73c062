package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the change loop on its own thread with a runner that records calls and can hold a build
 * open on a latch, so "changes during a build" is reproduced without sleeping. Every wait is bounded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChangeLoopTest {

    private static final long WAIT_SECONDS = 10;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<LoopInput.Stop> stops = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final RecordingRunner runner = new RecordingRunner();

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    /** Records every call; the first full reload blocks until {@link #releaseBuild} counts down. */
    private static final class RecordingRunner implements CycleRunner {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch buildStarted = new CountDownLatch(1);
        final CountDownLatch releaseBuild = new CountDownLatch(1);
        volatile boolean patcher;
        volatile long currentPid = 4242;
        /** Outcomes of the next hot patches, in order; {@code APPLIED} once empty. */
        final java.util.Queue<PatchOutcome> outcomes = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public boolean fullReload(int cycle, String reason) throws InterruptedException {
            calls.add("full " + cycle);
            buildStarted.countDown();
            assertTrue(releaseBuild.await(WAIT_SECONDS, TimeUnit.SECONDS), "build was never released");
            return true;
        }

        @Override
        public boolean patcherReady() {
            return patcher;
        }

        @Override
        public PatchOutcome hotPatch(int cycle, ChangeBatch batch) {
            calls.add("patch " + cycle + " " + batch.files().size());
            PatchOutcome next = outcomes.poll();
            return next == null ? PatchOutcome.APPLIED : next;
        }

        @Override
        public boolean isCurrentApp(long pid) {
            return pid == currentPid;
        }
    }

    private ChangeLoop loop(Mode mode, StopConditions stop) {
        return loop(mode, stop, false);
    }

    private ChangeLoop loop(Mode mode, StopConditions stop, boolean autoRestart) {
        StopTracker tracker = new StopTracker(stop, stops::add);
        return new ChangeLoop(mode, autoRestart, runner, events::add, tracker);
    }

    private static LoopInput.FilesChanged files(String... paths) {
        Set<Path> set = new java.util.TreeSet<>();
        for (String path : paths) {
            set.add(Path.of(path));
        }
        return new LoopInput.FilesChanged(ChangeBatch.of(set));
    }

    private static LoopInput.Command key(DevCommand command) {
        return new LoopInput.Command(command);
    }

    private <T extends Event> List<T> eventsOf(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (Event event : events) {
            if (type.isInstance(event)) {
                matching.add(type.cast(event));
            }
        }
        return matching;
    }

    @Test
    void savesDuringBuildGiveExactlyOneMoreCycle() throws Exception {
        ChangeLoop loop = loop(Mode.FULL, StopConditions.NONE);
        Future<?> running = executor.submit(() -> {
            loop.run();
            return null;
        });

        loop.submit(files("/c/src/main.rs"));
        assertTrue(runner.buildStarted.await(WAIT_SECONDS, TimeUnit.SECONDS));
        loop.submit(files("/c/src/a.rs"));
        loop.submit(files("/c/src/b.rs"));
        loop.submit(files("/c/src/a.rs", "/c/Cargo.toml"));
        runner.releaseBuild.countDown();
        loop.submit(key(DevCommand.QUIT));
        running.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals(List.of("full 1", "full 2"), runner.calls);
        List<Event.ChangesDetected> changes = eventsOf(Event.ChangesDetected.class);
        assertEquals(2, changes.size());
        assertEquals(List.of(Path.of("/c/Cargo.toml"), Path.of("/c/src/a.rs"), Path.of("/c/src/b.rs")),
                changes.get(1).files());
    }

    @Test
    void rustChangeWithoutPatcherPrompts() throws Exception {
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);
        runner.releaseBuild.countDown();

        loop.submit(files("/c/src/main.rs"));
        loop.submit(key(DevCommand.FULL_RELOAD));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("full 1"), runner.calls);
        assertEquals(1, eventsOf(Event.ReloadPrompt.class).size());
        assertEquals(1, eventsOf(Event.CycleFinished.class).size());
    }

    @Test
    void manifestChangePromptsEvenWithPatcher() throws Exception {
        runner.patcher = true;
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(files("/c/Cargo.toml"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of(), runner.calls);
        assertTrue(eventsOf(Event.ReloadPrompt.class).get(0).message().contains("Cargo.toml"));
    }

    @Test
    void rustChangeWithPatcherIsPatched() throws Exception {
        runner.patcher = true;
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(files("/c/src/main.rs", "/c/src/lib.rs"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 2"), runner.calls);
    }

    @Test
    void hotReloadKeyWithoutPatcherWarns() throws Exception {
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(key(DevCommand.HOT_RELOAD));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of(), runner.calls);
        assertTrue(eventsOf(Event.Warning.class).get(0).message().contains("Press R"));
    }

    /** Returns a loop in mode hot whose classifier knows the package /c and that /shared/motto.txt is a patch input. */
    private ChangeLoop loopWithLayout() throws java.io.IOException {
        ChangeClassifier classifier = new ChangeClassifier();
        classifier.crateLayout(List.of(Path.of("/c/src")), List.of(Path.of("/c")));
        classifier.inputsRead(Set.of(Path.of("/shared/motto.txt")));
        return new ChangeLoop(Mode.HOT, false, runner, events::add, new StopTracker(StopConditions.NONE, stops::add),
                classifier);
    }

    @Test
    void includedFileIsPatched() throws Exception {
        runner.patcher = true;
        ChangeLoop loop = loopWithLayout();

        loop.submit(files("/shared/motto.txt"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 1"), runner.calls);
    }

    @Test
    void packageFileGoesToPatcher() throws Exception {
        runner.patcher = true;
        ChangeLoop loop = loopWithLayout();

        loop.submit(files("/c/src/add.c"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 1"), runner.calls);
        assertEquals("package file", eventsOf(Event.ChangesDetected.class).get(0).kind());
    }

    @Test
    void packageFileNeedingReloadPrompts() throws Exception {
        runner.patcher = true;
        runner.outcomes.add(CycleRunner.PatchOutcome.needsFullReload("add.c is an input of the build script"));
        ChangeLoop loop = loopWithLayout();

        loop.submit(files("/c/src/add.c"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 1"), runner.calls);
        assertTrue(eventsOf(Event.PatchNeedsFullReload.class).get(0).message().contains("add.c"));
    }

    @Test
    void fileOutsidePackagesIsIgnored() throws Exception {
        runner.patcher = true;
        ChangeLoop loop = loopWithLayout();

        loop.submit(files("/elsewhere/notes.txt"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of(), runner.calls);
    }

    @Test
    void otherFilesDoNothing() throws Exception {
        ChangeLoop loop = loop(Mode.FULL, StopConditions.NONE);

        loop.submit(files("/c/README.md"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of(), runner.calls);
    }

    @Test
    void exitOfCurrentAppIsReported() throws Exception {
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(new LoopInput.AppEnded(4242, 101));
        loop.submit(new LoopInput.AppEnded(4000, 143));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        List<Event.AppExited> exits = eventsOf(Event.AppExited.class);
        assertEquals(1, exits.size(), "the exit of a replaced app is not news");
        assertEquals(101, exits.get(0).exitCode());
        assertTrue(exits.get(0).message().contains("Press R"));
    }

    @Test
    void cycleGoalRequestsStop() throws Exception {
        ChangeLoop loop = loop(Mode.HOT, new StopConditions(1, Duration.ZERO, Optional.empty()));
        runner.releaseBuild.countDown();

        loop.submit(key(DevCommand.FULL_RELOAD));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(1, stops.size());
    }

    @Test
    void stopWithFailureIsThrown() {
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);
        StopConditionNotMetException failure = new StopConditionNotMetException("not met");

        loop.submit(new LoopInput.Stop("timeout", failure));

        assertSame(failure, assertThrows(StopConditionNotMetException.class, loop::run));
        assertInstanceOf(Event.Stopping.class, events.get(events.size() - 1));
    }

    @Test
    void stopEndsLoopBeforeLaterInputs() throws Exception {
        ChangeLoop loop = loop(Mode.FULL, StopConditions.NONE);

        loop.submit(new LoopInput.Stop("done", null));
        loop.submit(files("/c/src/main.rs"));
        loop.run();

        assertEquals(List.of(), runner.calls);
        assertFalse(loop.queuedInputs().isEmpty());
    }

    @Test
    void changeWithoutClientWaitsForHotReloadKey() throws Exception {
        runner.patcher = true;
        runner.outcomes.add(CycleRunner.PatchOutcome.WAITING_FOR_CLIENT);
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(files("/c/src/main.rs"));
        loop.submit(key(DevCommand.HOT_RELOAD));
        loop.submit(key(DevCommand.HOT_RELOAD));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 1", "patch 2 1", "patch 3 0"), runner.calls,
                "r patches the waiting change, and with nothing pending the current sources");
        assertEquals(2, eventsOf(Event.CycleFinished.class).size());
    }

    @Test
    void hotReloadKeyPatchesPendingChange() throws Exception {
        runner.patcher = true;
        runner.outcomes.add(CycleRunner.PatchOutcome.WAITING_FOR_CLIENT);
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(files("/c/src/main.rs", "/c/src/lib.rs"));
        loop.submit(key(DevCommand.HOT_RELOAD));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 2", "patch 2 2"), runner.calls);
    }

    @Test
    void unpatchableChangePromptsWithReason() throws Exception {
        runner.patcher = true;
        runner.outcomes.add(CycleRunner.PatchOutcome.needsFullReload("The change adds a thread_local (X)"));
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(files("/c/src/main.rs"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 1"), runner.calls);
        assertTrue(eventsOf(Event.PatchNeedsFullReload.class).get(0).message().contains("thread_local (X)"));
        assertEquals(0, eventsOf(Event.CycleFinished.class).size());
    }

    @Test
    void autoRestartReloadsUnpatchableChange() throws Exception {
        runner.patcher = true;
        runner.releaseBuild.countDown();
        runner.outcomes.add(CycleRunner.PatchOutcome.needsFullReload("The change adds a thread_local (X)"));
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE, true);

        loop.submit(files("/c/src/main.rs"));
        loop.submit(new LoopInput.ReloadNeeded("client 1 could not apply patch 1"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("patch 1 1", "full 2", "full 3"), runner.calls);
        assertEquals(0, eventsOf(Event.ReloadPrompt.class).size());
    }

    @Test
    void autoRestartReloadsManifestChange() throws Exception {
        runner.patcher = true;
        runner.releaseBuild.countDown();
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE, true);

        loop.submit(files("/c/Cargo.toml"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of("full 1"), runner.calls);
    }

    @Test
    void reloadNeededPromptsWithoutAutoRestart() throws Exception {
        ChangeLoop loop = loop(Mode.HOT, StopConditions.NONE);

        loop.submit(new LoopInput.ReloadNeeded("client 1 could not apply patch 1"));
        loop.submit(key(DevCommand.QUIT));
        loop.run();

        assertEquals(List.of(), runner.calls);
        assertTrue(eventsOf(Event.ReloadPrompt.class).get(0).message().contains("client 1 could not apply"));
    }
}

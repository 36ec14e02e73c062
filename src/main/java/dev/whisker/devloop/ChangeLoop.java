package dev.whisker.devloop;

import dev.whisker.watch.ChangeBatch;
import dev.whisker.watch.ChangeKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The single-threaded heart of a session: takes inputs from one queue and handles them one at a time,
 * so builds never overlap. File batches that queue up while a build runs are merged when the loop
 * takes the first of them, so a burst of saves during a build becomes exactly one more cycle.
 *
 * <p>Changes that need a full reload stay pending until {@code R}, and are dropped once a full
 * reload has built them. With {@code autoRestart}, the loop runs that full reload itself. A Rust change
 * saved while no app is connected stays pending too, until {@code r} patches it: the next hello does
 * not apply it by itself, because a process that connects did not ask for code to be pushed into it.
 */
final class ChangeLoop {

    private final BlockingQueue<LoopInput> queue = new LinkedBlockingQueue<>();
    private final Mode mode;
    private final boolean autoRestart;
    private final CycleRunner runner;
    private final Consumer<Event> events;
    private final StopTracker stopTracker;
    private final ChangeClassifier classifier;
    private ChangeBatch pending;
    private int cycle;

    /**
     * @param autoRestart whether a change that only a full reload applies starts one without asking
     */
    ChangeLoop(Mode mode, boolean autoRestart, CycleRunner runner, Consumer<Event> events, StopTracker stopTracker) {
        this(mode, autoRestart, runner, events, stopTracker, new ChangeClassifier());
    }

    /**
     * @param classifier classifies each batch with the crates' layout and patch inputs; one without
     *     them classifies by file name only
     */
    ChangeLoop(Mode mode, boolean autoRestart, CycleRunner runner, Consumer<Event> events, StopTracker stopTracker,
            ChangeClassifier classifier) {
        this.mode = mode;
        this.autoRestart = autoRestart;
        this.runner = runner;
        this.events = events;
        this.stopTracker = stopTracker;
        this.classifier = classifier;
    }

    /** Queues an input; safe from any thread. */
    void submit(LoopInput input) {
        queue.add(input);
    }

    /**
     * Handles inputs until {@code q} or a stop request.
     *
     * @throws DevLoopException the failure carried by the stop request, if any
     * @throws InterruptedException if the calling thread is interrupted while waiting or building
     */
    void run() throws InterruptedException {
        while (true) {
            LoopInput input = queue.take();
            if (input instanceof LoopInput.Stop stop) {
                events.accept(new Event.Stopping(stop.reason()));
                if (stop.failure() != null) {
                    throw stop.failure();
                }
                return;
            }
            if (input instanceof LoopInput.Command command && command.command() == DevCommand.QUIT) {
                events.accept(new Event.Stopping("q pressed"));
                return;
            }
            handle(input);
        }
    }

    private void handle(LoopInput input) throws InterruptedException {
        if (input instanceof LoopInput.FilesChanged changed) {
            handleChanges(mergeQueuedBatches(changed.batch()));
        } else if (input instanceof LoopInput.Command command) {
            handleCommand(command.command());
        } else if (input instanceof LoopInput.AppEnded ended) {
            handleAppEnded(ended);
        } else if (input instanceof LoopInput.ReloadNeeded needed) {
            reloadNeeded(needed.reason());
        }
    }

    /** Removes every batch still queued and merges it into {@code first}; other inputs keep their order. */
    private ChangeBatch mergeQueuedBatches(ChangeBatch first) {
        ChangeBatch merged = first;
        Iterator<LoopInput> it = queue.iterator();
        while (it.hasNext()) {
            LoopInput next = it.next();
            if (next instanceof LoopInput.FilesChanged changed) {
                merged = merged.merge(changed.batch());
                it.remove();
            }
        }
        return merged;
    }

    private void handleChanges(ChangeBatch batch) throws InterruptedException {
        ChangeKind kind = classifier.classify(batch.files());
        events.accept(new Event.ChangesDetected(new ArrayList<>(batch.files()), kindName(kind)));
        LoopAction action = LoopAction.decideAction(kind, mode, runner.patcherReady());
        switch (action) {
            case HOT_PATCH:
                hotPatch(takePendingRustChanges(batch));
                break;
            case FULL_RELOAD:
                fullReload("files changed");
                break;
            case PROMPT_FULL_RELOAD:
                addPending(batch);
                reloadNeeded(promptReason(kind));
                break;
            default:
                events.accept(new Event.Detail("No crate input, package file or manifest changed; nothing to do"));
        }
    }

    /** Merges Rust changes still waiting for a client into {@code batch}; other pending changes stay. */
    private ChangeBatch takePendingRustChanges(ChangeBatch batch) {
        if (pending == null || classifier.classify(pending.files()) != ChangeKind.RUST_SOURCE) {
            return batch;
        }
        ChangeBatch merged = pending.merge(batch);
        pending = null;
        return merged;
    }

    private void addPending(ChangeBatch batch) {
        pending = pending == null ? batch : pending.merge(batch);
    }

    private String promptReason(ChangeKind kind) {
        if (kind == ChangeKind.CARGO_MANIFEST) {
            return "Cargo.toml, Cargo.lock or build.rs changed, which only a full reload applies";
        }
        return "Rust source changed, but hot patching is off for this build (see the message after the build)";
    }

    /** Starts a full reload with {@code autoRestart}, and otherwise prompts for {@code R}. */
    private void reloadNeeded(String reason) throws InterruptedException {
        if (autoRestart) {
            events.accept(new Event.Notice(reason + "; rebuilding and restarting (whisker.autoRestart)"));
            fullReload("automatic restart");
        } else {
            events.accept(new Event.ReloadPrompt(reason));
        }
    }

    private void handleCommand(DevCommand command) throws InterruptedException {
        if (command == DevCommand.FULL_RELOAD) {
            fullReload("R pressed");
        } else if (command == DevCommand.HOT_RELOAD) {
            hotReloadRequested();
        }
    }

    /** Patches the pending changes, or the current sources when nothing is pending, for {@code r}. */
    private void hotReloadRequested() throws InterruptedException {
        if (!runner.patcherReady()) {
            String scope = mode == Mode.HOT ? "for this build" : "in mode " + mode;
            events.accept(new Event.Warning("Hot reload is not available " + scope + ". Press R + Enter for a full reload."));
        } else if (pending != null && classifier.classify(pending.files()) == ChangeKind.CARGO_MANIFEST) {
            events.accept(new Event.ReloadPrompt(promptReason(ChangeKind.CARGO_MANIFEST)));
        } else {
            ChangeBatch batch = pending == null ? ChangeBatch.of(Set.of()) : pending;
            pending = null;
            hotPatch(batch);
        }
    }

    private void hotPatch(ChangeBatch batch) throws InterruptedException {
        cycle++;
        CycleRunner.PatchOutcome outcome = runner.hotPatch(cycle, batch);
        switch (outcome.status()) {
            case APPLIED:
                finishCycle("hot patch");
                break;
            case WAITING_FOR_CLIENT:
                addPending(batch);
                break;
            case NEEDS_FULL_RELOAD:
                addPending(batch);
                events.accept(new Event.PatchNeedsFullReload(outcome.reason()));
                if (autoRestart) {
                    reloadNeeded("The change cannot be patched");
                }
                break;
            default:
                // A compile error or a failed tool was reported; the next save is built as usual.
        }
    }

    private void fullReload(String reason) throws InterruptedException {
        cycle++;
        if (runner.fullReload(cycle, reason)) {
            pending = null;
            finishCycle("full reload");
        }
    }

    private void finishCycle(String kind) {
        events.accept(new Event.CycleFinished(cycle, kind));
        stopTracker.cycleFinished();
    }

    private void handleAppEnded(LoopInput.AppEnded ended) {
        if (runner.isCurrentApp(ended.pid())) {
            events.accept(new Event.AppExited(ended.pid(), ended.exitCode()));
        }
    }

    /** Returns the inputs still queued, for tests. */
    List<LoopInput> queuedInputs() {
        return List.copyOf(queue);
    }

    private static String kindName(ChangeKind kind) {
        switch (kind) {
            case RUST_SOURCE:
                return "Rust source";
            case CARGO_MANIFEST:
                return "Cargo manifest";
            case PACKAGE_FILE:
                return "package file";
            default:
                return "other";
        }
    }
}

package dev.whisker.devloop;

import dev.whisker.hotpatch.HostNotPatchableException;
import dev.whisker.server.PatchFrame;
import dev.whisker.server.WhiskerServer;
import dev.whisker.watch.ChangeBatch;
import dev.whisker.watch.ChangeKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hot path of a cycle. It requests the slides of the authenticated apps from the endpoint, has
 * the {@link Patcher} build one library per slide, and sends each as a patch frame to the apps with
 * that slide. {@link PatchReplies} counts the replies and reports the one-line summary. Without a
 * patcher, {@link #ready()} is false and the loop prompts for a full reload instead.
 */
final class PatchSender {

    private final Optional<PatcherFactory> factory;
    private final Supplier<WhiskerServer> server;
    private final Consumer<Event> events;
    private final PatchReplies replies;
    private final ChangeClassifier classifier;
    /** Patch ids increase over the whole session, so a reply never matches a patch of an earlier build. */
    private final AtomicLong nextPatchId = new AtomicLong(1);
    /** Written on the loop thread; read by {@link #closePatcher} from a closing thread. */
    private volatile Patcher patcher;

    /**
     * @param server returns the running endpoint; called only while a patch is sent
     * @param replies counts the {@code applied} replies to each sent patch
     */
    PatchSender(Optional<PatcherFactory> factory, Supplier<WhiskerServer> server, Consumer<Event> events,
            PatchReplies replies) {
        this(factory, server, events, replies, new ChangeClassifier());
    }

    /**
     * @param classifier receives the patcher's patch inputs after each fat build and each patch, and
     *     separates package files that no crate reads from crate inputs
     */
    PatchSender(Optional<PatcherFactory> factory, Supplier<WhiskerServer> server, Consumer<Event> events,
            PatchReplies replies, ChangeClassifier classifier) {
        this.factory = factory;
        this.server = server;
        this.events = events;
        this.replies = replies;
        this.classifier = classifier;
    }

    /** Returns whether a patcher for the current build exists. */
    boolean ready() {
        return patcher != null;
    }

    /**
     * Replaces the patcher after a successful fat build. A factory failure is reported and leaves
     * hot patching off until the next build.
     */
    void buildFinished(Path captureDir, Path binary) {
        closePatcher();
        if (factory.isEmpty()) {
            return;
        }
        try {
            patcher = factory.get().create(captureDir, binary);
            readInputs(patcher);
        } catch (HostNotPatchableException e) {
            events.accept(new Event.HostNotPatchable(e.binary(), e.getMessage()));
        } catch (RuntimeException e) {
            events.accept(new Event.Warning("Hot patching is off for this build: " + e.getMessage()
                    + ". Saved Rust changes wait for R + Enter."));
        }
    }

    /** Closes the current patcher, if any, ending the tools it runs; safe from any thread. */
    void closePatcher() {
        Patcher current = patcher;
        patcher = null;
        if (current != null) {
            current.close();
        }
    }

    /** Builds and sends a patch for {@code batch}; see {@link CycleRunner#hotPatch}. */
    CycleRunner.PatchOutcome patch(int cycle, ChangeBatch batch) throws InterruptedException {
        long start = System.nanoTime();
        Patcher current = patcher;
        if (current == null) {
            return CycleRunner.PatchOutcome.needsFullReload("Hot patching is off for this build");
        }
        Set<Long> slides = server.get().authenticatedAslrReferences();
        if (slides.isEmpty()) {
            events.accept(new Event.PatchWaitingForClient(batch.files().size()));
            return CycleRunner.PatchOutcome.WAITING_FOR_CLIENT;
        }
        Patcher.Result result;
        try {
            result = current.patch(batch, slides);
        } catch (RuntimeException e) {
            events.accept(new Event.Warning("Could not build the patch: " + e.getMessage()
                    + ". The app keeps running; save again or press R + Enter."));
            return CycleRunner.PatchOutcome.NOT_APPLIED;
        } finally {
            readInputs(current);
        }
        if (result instanceof Patcher.CompileFailed failed) {
            failed.diagnostics().forEach(line -> events.accept(new Event.RustcOutput(line)));
            events.accept(new Event.PatchCompileFailed(cycle));
            return CycleRunner.PatchOutcome.NOT_APPLIED;
        }
        if (result instanceof Patcher.NeedsFullReload reload) {
            return CycleRunner.PatchOutcome.needsFullReload(reload.reason());
        }
        if (!batch.files().isEmpty() && classifier.classify(batch.files()) == ChangeKind.PACKAGE_FILE) {
            // The patcher found no build script that reads these files, and no crate reads them either,
            // so the patch it built contains only code the app already runs.
            events.accept(new Event.Notice("No crate or build script reads " + batch.files()
                    + ", so nothing was patched"));
            return CycleRunner.PatchOutcome.NOT_APPLIED;
        }
        send(cycle, (Patcher.Patched) result, start);
        return CycleRunner.PatchOutcome.APPLIED;
    }

    /**
     * Passes the patcher's patch inputs to the classifier, which starts watching the new ones. A file
     * that cannot be watched is reported, and the session goes on without it.
     */
    private void readInputs(Patcher current) {
        try {
            classifier.inputsRead(current.patchInputs());
        } catch (IOException | RuntimeException e) {
            events.accept(new Event.Warning("Cannot watch the files the crates read: " + e.getMessage()
                    + ". Saves to include_str! files outside the source roots are not seen; restart the goal."));
        }
    }

    private void send(int cycle, Patcher.Patched patched, long startNanos) {
        patched.warnings().forEach(warning -> events.accept(new Event.Warning(warning)));
        long id = nextPatchId.getAndIncrement();
        replies.sending(id);
        int clients = 0;
        long bytes = 0;
        for (Patcher.Library library : patched.libraries()) {
            PatchFrame frame = new PatchFrame(id, library.lib(), library.map(), library.aslrReference(),
                    library.newBaseAddress(), library.bytes());
            int queued = server.get().sendPatch(library.clientAslrReference(), frame);
            clients += queued;
            bytes = Math.max(bytes, library.bytes().length);
            events.accept(new Event.Detail("Cycle " + cycle + ": queued patch " + id + " (" + library.lib() + ", "
                    + library.map().size() + " jump-table entries) to " + queued + " client(s) with aslr reference 0x"
                    + Long.toHexString(library.clientAslrReference())));
        }
        replies.expect(new PatchReplies.Sent(id, bytes, clients, startNanos, System.nanoTime(), patched.steps(),
                patched.crates()));
    }
}

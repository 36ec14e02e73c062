package dev.whisker.devloop;

import dev.whisker.server.PatchFrame;
import dev.whisker.server.WhiskerServer;
import dev.whisker.watch.ChangeBatch;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hot path of a cycle: requests from the endpoint for the slides of the authenticated apps, has the
 * {@link Patcher} build one library per slide, and sends each as a patch frame to the apps with that
 * slide. Without a patcher, {@link #ready()} is false and the loop prompts for a full reload instead.
 */
final class PatchSender {

    private final Optional<PatcherFactory> factory;
    private final Supplier<WhiskerServer> server;
    private final Consumer<Event> events;
    private final AtomicLong nextPatchId = new AtomicLong(1);
    /** Written on the loop thread; read by {@link #closePatcher} from a closing thread. */
    private volatile Patcher patcher;

    /**
     * @param server returns the running endpoint; called only while a patch is sent
     */
    PatchSender(Optional<PatcherFactory> factory, Supplier<WhiskerServer> server, Consumer<Event> events) {
        this.factory = factory;
        this.server = server;
        this.events = events;
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
        Patcher current = patcher;
        if (current == null) {
            return CycleRunner.PatchOutcome.NEEDS_FULL_RELOAD;
        }
        Set<Long> slides = server.get().authenticatedAslrReferences();
        if (slides.isEmpty()) {
            events.accept(new Event.Warning("No app is connected, so there is nothing to patch. Press R + Enter to restart it."));
            return CycleRunner.PatchOutcome.NEEDS_FULL_RELOAD;
        }
        Patcher.Result result;
        try {
            result = current.patch(batch, slides);
        } catch (RuntimeException e) {
            events.accept(new Event.Warning("Could not build the patch: " + e.getMessage()
                    + ". The app keeps running; save again or press R + Enter."));
            return CycleRunner.PatchOutcome.NOT_APPLIED;
        }
        if (result instanceof Patcher.CompileFailed failed) {
            failed.diagnostics().forEach(line -> events.accept(new Event.BuildOutput(line)));
            events.accept(new Event.Warning("The patch does not compile; the app keeps running. Fix the error and save again."));
            return CycleRunner.PatchOutcome.NOT_APPLIED;
        }
        if (result instanceof Patcher.NeedsFullReload reload) {
            events.accept(new Event.ReloadPrompt(reload.reason()));
            return CycleRunner.PatchOutcome.NEEDS_FULL_RELOAD;
        }
        send(cycle, (Patcher.Patched) result);
        return CycleRunner.PatchOutcome.APPLIED;
    }

    private void send(int cycle, Patcher.Patched patched) {
        patched.warnings().forEach(warning -> events.accept(new Event.Warning(warning)));
        for (Patcher.Library library : patched.libraries()) {
            long id = nextPatchId.getAndIncrement();
            PatchFrame frame = new PatchFrame(id, library.lib(), library.map(), library.aslrReference(),
                    library.newBaseAddress(), library.bytes());
            int clients = server.get().sendPatch(library.aslrReference(), frame);
            events.accept(new Event.Notice("Cycle " + cycle + ": sent patch " + id + " (" + library.map().size()
                    + " functions) to " + clients + (clients == 1 ? " client" : " clients")));
        }
    }
}

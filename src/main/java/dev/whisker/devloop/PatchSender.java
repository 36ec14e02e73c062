package dev.whisker.devloop;

import dev.whisker.server.PatchFrame;
import dev.whisker.server.WhiskerServer;
import dev.whisker.watch.ChangeBatch;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hot path of a cycle: asks the endpoint for the slides of the authenticated apps, has the
 * {@link Patcher} build one library per slide, and sends each as a patch frame to the apps with that
 * slide. Without a patcher, {@link #ready()} is false and the loop prompts for a full reload instead.
 */
final class PatchSender {

    private final Optional<Patcher> patcher;
    private final Supplier<WhiskerServer> server;
    private final Consumer<Event> events;
    private final AtomicLong nextPatchId = new AtomicLong(1);

    /**
     * @param server returns the running endpoint; called only while a patch is sent
     */
    PatchSender(Optional<Patcher> patcher, Supplier<WhiskerServer> server, Consumer<Event> events) {
        this.patcher = patcher;
        this.server = server;
        this.events = events;
    }

    /** Returns whether a patcher is configured. */
    boolean ready() {
        return patcher.isPresent();
    }

    /** Builds and sends a patch for {@code batch}; see {@link CycleRunner#hotPatch}. */
    CycleRunner.PatchOutcome patch(int cycle, ChangeBatch batch) throws InterruptedException {
        if (patcher.isEmpty()) {
            return CycleRunner.PatchOutcome.NEEDS_FULL_RELOAD;
        }
        Set<Long> slides = server.get().authenticatedAslrReferences();
        if (slides.isEmpty()) {
            events.accept(new Event.Warning("No app is connected, so there is nothing to patch. Press R + Enter to restart it."));
            return CycleRunner.PatchOutcome.NEEDS_FULL_RELOAD;
        }
        Patcher.Result result = patcher.get().patch(batch, slides);
        if (result instanceof Patcher.CompileFailed failed) {
            failed.diagnostics().forEach(line -> events.accept(new Event.BuildOutput(line)));
            events.accept(new Event.Warning("The patch does not compile; the app keeps running. Fix the error and save again."));
            return CycleRunner.PatchOutcome.COMPILE_FAILED;
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

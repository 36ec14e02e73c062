package dev.whisker.devloop;

import dev.whisker.hotpatch.PatcherLoader;
import dev.whisker.hotpatch.PatcherOptions;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Creates a {@link HotPatcher} for each fat build: opens the build's capture, reads the symbol
 * table of the launched executable and prepares the hot-patch package's patcher. Right after that it
 * starts one thin compile in the background ({@code prewarm}), so the first save finds rustc's
 * incremental cache warm. Its outcome is reported as {@link Event.PatcherPrewarmed} or a warning.
 */
final class HotPatcherFactory implements PatcherFactory {

    private final Path workDir;
    private final String anchor;
    private final Consumer<Event> events;

    /**
     * @param workDir the patcher's directory for rustc's incremental cache, objects and libraries.
     *     The patchers of one project share it, so the cache stays warm across full reloads.
     * @param anchor the C name of the symbol whose runtime address clients report in their hello
     */
    HotPatcherFactory(Path workDir, String anchor, Consumer<Event> events) {
        this.workDir = workDir;
        this.anchor = anchor;
        this.events = events;
    }

    /**
     * @throws dev.whisker.hotpatch.HostNotPatchableException when the binary has no symbol table or
     *     no anchor
     * @throws dev.whisker.hotpatch.InvalidCaptureException when the capture is incomplete
     * @throws dev.whisker.hotpatch.PatchFailedException when the binary cannot be read
     */
    @Override
    public Patcher create(Path captureDir, Path binary) {
        PatcherOptions options = PatcherOptions.defaults(workDir).withAnchor(anchor);
        dev.whisker.hotpatch.Patcher patcher = PatcherLoader.load(captureDir, binary, options);
        patcher.prewarm().whenComplete((elapsed, failure) -> {
            if (failure == null) {
                events.accept(new Event.PatcherPrewarmed(elapsed));
            } else {
                events.accept(new Event.Warning("The background compile that warms rustc's cache failed: "
                        + failure.getMessage() + ". The first patch compiles from scratch."));
            }
        });
        return new HotPatcher(patcher);
    }
}

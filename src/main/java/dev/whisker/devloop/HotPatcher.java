package dev.whisker.devloop;

import dev.whisker.hotpatch.PatchArtifact;
import dev.whisker.hotpatch.PatchOutcome;
import dev.whisker.hotpatch.PatchResult;
import dev.whisker.watch.ChangeBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adapts the hot-patch package's patcher to the loop's {@link Patcher} seam: passes the changed
 * files and client slides in, and turns each artifact into a {@link Patcher.Library} keyed by the
 * runtime anchor address it was built for. The hot-patch outcome types share their simple names
 * with the seam's nested records, so they are written with their package here.
 */
final class HotPatcher implements Patcher {

    private final dev.whisker.hotpatch.Patcher patcher;

    HotPatcher(dev.whisker.hotpatch.Patcher patcher) {
        this.patcher = patcher;
    }

    /**
     * @throws dev.whisker.hotpatch.PatchFailedException when a tool cannot run or a file cannot be
     *     read or written; the loop reports it and keeps the app running
     */
    @Override
    public Result patch(ChangeBatch batch, Set<Long> aslrReferences) {
        PatchOutcome outcome = patcher.build(batch.files(), aslrReferences);
        if (outcome instanceof dev.whisker.hotpatch.CompileFailed failed) {
            return new CompileFailed(failed.diagnostics().lines().toList());
        }
        if (outcome instanceof dev.whisker.hotpatch.NeedsFullReload reload) {
            return new NeedsFullReload(reload.reason());
        }
        PatchResult result = (PatchResult) outcome;
        List<Library> libraries = new ArrayList<>();
        for (Map.Entry<Long, PatchArtifact> entry : result.artifacts().entrySet()) {
            PatchArtifact artifact = entry.getValue();
            libraries.add(new Library(entry.getKey(), artifact.libName(), Arrays.asList(artifact.map()),
                    artifact.aslrReference(), artifact.newBaseAddress(), artifact.library()));
        }
        return new Patched(libraries, result.warnings(), result.timings().steps(), result.crates());
    }

    @Override
    public Set<Path> patchInputs() {
        return patcher.patchInputs();
    }

    @Override
    public void close() {
        patcher.close();
    }
}

package dev.whisker.hotpatch;

import dev.whisker.objfile.SymbolCache;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Prepares a {@link Patcher} from the files of one fat build, for callers above this package that do
 * not read object files themselves (the dev loop).
 */
public final class PatcherLoader {

    private PatcherLoader() {}

    /**
     * Opens the capture in {@code captureDir}, reads the symbol table of {@code binary} and prepares a
     * patcher for them.
     *
     * @throws HostNotPatchableException when the binary has no symbol table or no anchor
     * @throws InvalidCaptureException when the capture is missing or incomplete
     * @throws PatchFailedException when the binary or the work directory cannot be read or created
     */
    public static Patcher load(Path captureDir, Path binary, PatcherOptions options) {
        CaptureStore captures = CaptureStore.open(captureDir);
        SymbolCache host;
        try {
            host = SymbolCache.load(binary);
        } catch (IOException e) {
            throw new PatchFailedException("Failed to read the symbol table of " + binary + ": " + e.getMessage(), e);
        }
        return Patcher.prepare(captures, host, options);
    }
}

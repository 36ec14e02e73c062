package dev.whisker.devloop;

import dev.whisker.watch.ChangeBatch;
import java.util.List;
import java.util.Set;

/**
 * Turns a batch of Rust source changes into patch libraries, one per distinct ASLR slide of the
 * connected apps. The loop calls it on its own thread, never twice at once, and sends each returned
 * library to the clients whose hello reported that {@code aslrReference}.
 *
 * <p>The hot-patch package implements this through an adapter in this package (the hot-patch package
 * sits below this one and cannot import it), created per fat build by a {@link PatcherFactory}.
 * Until one is configured, the loop prompts for a full reload on every Rust change.
 */
public interface Patcher extends AutoCloseable {

    /**
     * Compiles the changed crates once and links one patch per slide.
     *
     * @param batch the changed files
     * @param aslrReferences the runtime anchor addresses of the authenticated clients (unsigned)
     * @return the outcome; never {@code null}
     * @throws InterruptedException if the loop is closing; the patcher ends its child processes
     */
    Result patch(ChangeBatch batch, Set<Long> aslrReferences) throws InterruptedException;

    /** Ends any tool the patcher still runs; the session calls it before replacing the patcher. */
    @Override
    default void close() {
    }

    /** A patch library for the clients with one {@code aslrReference}, in the wire protocol's terms. */
    record Library(long aslrReference, String lib, List<long[]> map, long newBaseAddress, byte[] bytes) {
    }

    /** The outcome of one {@link #patch} call. */
    sealed interface Result {
    }

    /** The patch was built; {@code warnings} are shown to the user (e.g. a change with no effect). */
    record Patched(List<Library> libraries, List<String> warnings) implements Result {
    }

    /** The user's code does not compile; the app keeps running and the loop waits for the next save. */
    record CompileFailed(List<String> diagnostics) implements Result {
    }

    /** The change cannot be patched (e.g. a new thread-local); the loop prompts for a full reload. */
    record NeedsFullReload(String reason) implements Result {
    }
}

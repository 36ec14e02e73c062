package dev.whisker.devloop;

import dev.whisker.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a batch of changed crate inputs into patch libraries, one per distinct ASLR slide of the
 * connected apps. The loop calls it on its own thread, never twice at once, and sends each returned
 * library to the clients whose hello reported that {@code aslrReference}.
 *
 * <p>{@link HotPatcher} implements it with the hot-patch package (which sits below this one and
 * cannot import it), created per fat build by a {@link PatcherFactory}. Without a patcher, the loop
 * prompts for a full reload on every Rust change.
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

    /**
     * Returns the files the app's crates read while compiling besides their {@code .rs} sources'
     * directories: modules and {@code include_str!}/{@code include_bytes!} files, possibly outside the
     * source roots. The set can grow after each {@link #patch}, when a patch adds a module or an
     * included file. The default is empty, for patchers that only know {@code .rs} files.
     */
    default Set<Path> patchInputs() {
        return Set.of();
    }

    /** Ends any tool the patcher still runs; the session calls it before replacing the patcher. */
    @Override
    default void close() {
    }

    /**
     * A patch library for the clients whose hello reported {@code clientAslrReference}. The other
     * fields are the wire protocol's: {@code aslrReference} and {@code newBaseAddress} are the
     * anchor's static addresses in the executable and in the library.
     */
    record Library(long clientAslrReference, String lib, List<long[]> map, long aslrReference, long newBaseAddress,
            byte[] bytes) {
    }

    /** The outcome of one {@link #patch} call. */
    sealed interface Result {
    }

    /**
     * The patch was built.
     *
     * @param warnings shown to the user, for example for a change that maps no function
     * @param steps wall time of each build step by name, in pipeline order
     * @param crates the crates compiled into the patch, dependencies first, for the summary line
     */
    record Patched(List<Library> libraries, List<String> warnings, Map<String, Duration> steps, List<String> crates)
            implements Result {

        public Patched {
            crates = List.copyOf(crates);
        }

        /** A patch whose crates are not named, for patchers that build a single crate. */
        public Patched(List<Library> libraries, List<String> warnings, Map<String, Duration> steps) {
            this(libraries, warnings, steps, List.of());
        }
    }

    /**
     * The user's code does not compile; the app keeps running and the loop waits for the next save.
     *
     * @param diagnostics rustc's diagnostics, one entry per line
     */
    record CompileFailed(List<String> diagnostics) implements Result {
    }

    /** The change cannot be patched (e.g. a new thread-local); the loop prompts for a full reload. */
    record NeedsFullReload(String reason) implements Result {
    }
}

package dev.whisker.hotpatch;

import dev.whisker.objfile.Anchor;
import dev.whisker.objfile.MalformedObjectFileException;
import dev.whisker.objfile.SymbolCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Turns source changes of the tip crate into patch libraries for the running app, following the fat
 * build's capture: thin rustc, object edits, one stub and link per slide, jump table.
 *
 * <p>Builds are serialised: {@link #build} waits for a running {@link #prewarm} or build, because all share
 * rustc's incremental directory and the object directory. Patch libraries are written under
 * {@code <workDir>/patches}, a directory only the current user can read.
 */
public final class Patcher implements AutoCloseable {
    private final BuildInfo build;
    private final SymbolCache host;
    private final PatcherOptions options;
    private final Anchor anchor;
    private final ToolRunner runner;
    private final ThinCompiler compiler;
    private final SlideLinker linker;
    private final Path patchDir;
    private final String session = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final ReentrantLock buildLock = new ReentrantLock();
    private long lastId;
    private Set<String> previousFunctions = Set.of();
    private Thread prewarmThread;
    private CompletableFuture<Duration> prewarmResult;

    private Patcher(CaptureStore captures, SymbolCache host, PatcherOptions options, Anchor anchor, Path patchDir) {
        this.build = captures.build();
        this.host = host;
        this.options = options;
        this.anchor = anchor;
        this.patchDir = patchDir;
        this.runner = new ToolRunner(options.workDir().resolve("scratch"));
        this.compiler = new ThinCompiler(captures.tipRustc(), options.workDir(), runner, options.toolTimeout());
        this.linker = new SlideLinker(captures.tipLink(), host, options, runner);
    }

    /**
     * Checks that the host can be patched and sets up the work directory.
     *
     * @param captures the capture of the fat build that produced {@code host}
     * @param host the symbol cache of the launched executable
     * @throws HostNotPatchableException when the host has no symbol table or no anchor
     * @throws InvalidCaptureException when the tip crate's rustc or link capture is missing or invalid
     * @throws PatchFailedException when the work directory cannot be created
     */
    public static Patcher prepare(CaptureStore captures, SymbolCache host, PatcherOptions options) {
        Anchor anchor = HostChecks.requirePatchable(host, options.anchorSymbol());
        Path patchDir = options.workDir().resolve("patches");
        try {
            Files.createDirectories(options.workDir());
            if (!Files.isDirectory(patchDir)) {
                Files.createDirectory(patchDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(patchDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new PatchFailedException("Failed to create the patch directory " + patchDir + ": " + e.getMessage(), e);
        }
        return new Patcher(captures, host, options, anchor, patchDir);
    }

    /** Returns the anchor's static address in the host, which is the {@code aslr_reference} of every table. */
    public long staticAnchorAddress() {
        return anchor.staticAddress();
    }

    /** Returns the rustc command line that each build runs, for display and diagnosis. */
    public List<String> thinRustcCommand() {
        return compiler.plan().argv();
    }

    /**
     * Starts one thin compile of the unchanged crate in the background, so the first real build finds a
     * warm incremental cache. Apart from the list of functions the crate defines, which the first patch's
     * {@code removed} list is computed against, its objects are discarded. Calling it again while one runs
     * returns the running one's future.
     *
     * @return completes with the compile time, also when rustc reported a compile error (the next build
     *     reports it again), or exceptionally when rustc could not run
     */
    public synchronized CompletableFuture<Duration> prewarm() {
        if (prewarmThread != null && prewarmThread.isAlive()) {
            return prewarmResult;
        }
        CompletableFuture<Duration> result = new CompletableFuture<>();
        prewarmResult = result;
        prewarmThread = new Thread(() -> runPrewarm(result), "whisker-patch-prewarm");
        prewarmThread.setDaemon(true);
        prewarmThread.start();
        return result;
    }

    private void runPrewarm(CompletableFuture<Duration> result) {
        buildLock.lock();
        try {
            ThinCompiler.Result compiled = compiler.compile();
            if (compiled.failure().isEmpty()) {
                previousFunctions = PatchObjects.read(compiled.objects()).definedFunctions();
            }
            result.complete(compiled.elapsed());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            buildLock.unlock();
        }
    }

    /**
     * Builds a patch of the current sources for each distinct client slide.
     *
     * @param changedFiles the paths saved since the last build; a manifest or build-script change, or a
     *     change in a workspace package other than the bin crate, ends the build with {@link NeedsFullReload}
     *     before anything runs
     * @param aslrReferences the runtime anchor addresses of the connected clients; one library is linked for
     *     each. An empty set still compiles, which reports compile errors early.
     * @return a {@link PatchResult}, the user's {@link CompileFailed}, or {@link NeedsFullReload}
     * @throws PatchFailedException when a tool cannot run or times out, or a file cannot be read, parsed or
     *     written
     * @throws InvalidCaptureException when a linker response file of the capture is missing
     */
    public PatchOutcome build(Set<Path> changedFiles, Set<Long> aslrReferences) {
        Optional<String> reload = ChangeRules.fullReloadReason(changedFiles, build);
        if (reload.isPresent()) {
            return new NeedsFullReload(reload.get());
        }
        try {
            buildLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PatchFailedException("Interrupted while waiting for the previous patch build", e);
        }
        try {
            return buildLocked(aslrReferences);
        } catch (UncheckedIOException | MalformedObjectFileException e) {
            throw new PatchFailedException(e.getMessage(), e);
        } finally {
            buildLock.unlock();
        }
    }

    private PatchOutcome buildLocked(Set<Long> aslrReferences) {
        deletePreviousLibraries();
        ThinCompiler.Result compiled = compiler.compile();
        if (compiled.failure().isPresent()) {
            return compiled.failure().get();
        }
        long editStart = System.nanoTime();
        PatchObjects objects = PatchObjects.read(compiled.objects());
        Optional<String> unpatchable = HostChecks.newThreadLocals(objects, host);
        if (unpatchable.isPresent()) {
            return new NeedsFullReload(unpatchable.get());
        }
        ObjectEdits edits = ObjectEdits.apply(objects, host, options.linker() == PatcherOptions.PatchLinker.CAPTURED);
        if (!edits.linkable()) {
            return new NeedsFullReload(HostChecks.unresolvedThreadLocals(edits));
        }
        objects = objects.withStaticsUndefined(edits.staticsMadeUndefined());
        Duration editTime = Duration.ofNanos(System.nanoTime() - editStart);
        return linkSlides(objects, aslrReferences, compiled.elapsed(), editTime);
    }

    /** Links one library per distinct slide, or returns why the change needs a full reload. */
    private PatchOutcome linkSlides(PatchObjects objects, Set<Long> aslrReferences, Duration rustc, Duration edits) {
        long id = ++lastId;
        SlideBuilds slides = new SlideBuilds();
        for (long aslr : new TreeSet<>(aslrReferences)) {
            long slide = aslr - anchor.staticAddress();
            StubPlan stubs = StubPlan.plan(objects.undefined(), host, slide);
            Optional<String> missing = HostChecks.missingRustSymbols(stubs);
            if (missing.isPresent()) {
                return new NeedsFullReload(missing.get());
            }
            Path library = patchDir.resolve("whisker-patch-" + session + "-" + id + "-" + Long.toHexString(aslr) + ".so");
            SlideLinker.Linked linked = linker.link(id, objects, stubs, aslr, anchor.staticAddress(), library);
            if (linked.linkerError() != null) {
                return new NeedsFullReload("The patch library failed to link, so this change needs a full rebuild"
                        + " (press R). Linker output:\n" + linked.linkerError().strip());
            }
            slides.add(aslr, linked);
        }
        return finish(id, objects, slides, rustc, edits);
    }

    private PatchResult finish(long id, PatchObjects objects, SlideBuilds slides, Duration rustc, Duration edits) {
        List<String> warnings = new ArrayList<>(slides.warnings);
        Set<String> removed = new TreeSet<>(previousFunctions);
        removed.removeAll(objects.definedFunctions());
        previousFunctions = objects.definedFunctions();
        if (slides.first != null && slides.first.table().map().length == 0) {
            warnings.add("The patch maps no function of the running app, so the app will not run any new code;"
                    + " check that the edited code is reached through call()");
        }
        List<String> added = slides.first == null ? List.of() : slides.first.table().added();
        int entries = slides.first == null ? 0 : slides.first.table().map().length;
        PatchTimings timings = new PatchTimings(rustc, edits, slides.stub, slides.link, slides.table);
        return new PatchResult(id, slides.artifacts, entries, added, new ArrayList<>(removed), timings, warnings);
    }

    /**
     * Deletes the libraries and stubs of earlier builds. Each artifact carries its library's bytes, so the
     * files only serve diagnosis of the latest build, and a long session would otherwise fill the disk.
     */
    private void deletePreviousLibraries() {
        try (Stream<Path> files = Files.list(patchDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new PatchFailedException("Failed to clear the patch directory " + patchDir + ": " + e.getMessage(), e);
        }
    }

    /** Accumulates the per-slide libraries of one build. */
    private static final class SlideBuilds {
        final Map<Long, PatchArtifact> artifacts = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        SlideLinker.Linked first;
        Duration stub = Duration.ZERO;
        Duration link = Duration.ZERO;
        Duration table = Duration.ZERO;

        void add(long aslr, SlideLinker.Linked linked) {
            if (first == null) {
                first = linked;
                warnings.addAll(HostChecks.unresolvedWarnings(linked.stubs()));
            }
            artifacts.put(aslr, linked.artifact());
            stub = stub.plus(linked.times().stub());
            link = link.plus(linked.times().link());
            table = table.plus(linked.times().table());
        }
    }

    /** Kills a running thin compile or link and waits briefly for the prewarm thread. */
    @Override
    public void close() {
        runner.close();
        Thread thread = prewarmThread;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

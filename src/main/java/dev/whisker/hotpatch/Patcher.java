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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
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
 * Turns source changes into patch libraries for the running app, following the fat build's capture: thin
 * rustc of the edited crates and of every crate between them and the tip, object edits, one stub and link
 * per slide, jump table.
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
    private final CrateGraph graph;
    private final PatchInputs inputs;
    private final CrateCompiler crateCompiler;
    private final SlideLinker linker;
    private final Path patchDir;
    private final String session = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final ReentrantLock buildLock = new ReentrantLock();
    private long lastId;
    /**
     * Capture keys of the crates edited since the fat build. They are rebuilt in every later patch, because
     * the fat build's copies of their metadata and code are older than the sources on disk: a patch that
     * compiled the tip against them would undo the earlier patches' edits.
     */
    private final Set<String> editedSinceFatBuild = new LinkedHashSet<>();
    /** Functions each crate defined in its latest thin compile, by capture key. */
    private final Map<String, Set<String>> previousFunctions = new HashMap<>();
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
        this.graph = CrateGraph.load(captures);
        this.inputs = PatchInputs.load(graph, build);
        this.crateCompiler = new CrateCompiler(compiler, inputs, options.workDir(), runner, options.toolTimeout());
        this.linker = new SlideLinker(captures.tipLink(), host, options, runner);
    }

    /**
     * Checks that the host can be patched and sets up the work directory.
     *
     * @param captures the capture of the fat build that produced {@code host}
     * @param host the symbol cache of the launched executable
     * @throws HostNotPatchableException when the host has no symbol table or no anchor
     * @throws InvalidCaptureException when the rustc capture of the tip or of a crate listed in
     *     {@code build.json}, or the tip's link capture, is missing or invalid
     * @throws PatchFailedException when the work directory cannot be created, or a dep-info file or build
     *     script output of the fat build cannot be read
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

    /**
     * Returns every file the captured crates read while compiling: their modules and the files of
     * {@code include_str!}, {@code include_bytes!} and {@code include!}, without files generated into the
     * cargo target directory. The dev loop watches these in addition to {@code .rs} files and passes their
     * changes to {@link #build}; a change to any other non-Rust file cannot alter the app's code. The set
     * grows when a patch adds a module or an included file.
     */
    public Set<Path> patchInputs() {
        return inputs.files();
    }

    /** Returns the rustc command line that a build of the tip crate alone runs, for display and diagnosis. */
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
                previousFunctions.put(graph.tip().key(), PatchObjects.read(compiled.objects()).definedFunctions());
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
     * @param changedFiles the paths saved since the last build. Each is mapped to the captured crates whose
     *     dep-info lists it. Those crates, the crates edited in earlier builds, and every crate between
     *     them and the tip are rebuilt into one patch. When no crate was edited yet, the tip alone is.
     *     A manifest, a build script or an input of a build script ends the build with
     *     {@link NeedsFullReload} before anything is compiled. A file that no crate reads gets a warning
     *     in the result.
     * @param aslrReferences the runtime anchor addresses of the connected clients; one library is linked for
     *     each. An empty set still compiles, which reports compile errors early.
     * @return a {@link PatchResult}, the user's {@link CompileFailed}, or {@link NeedsFullReload}
     * @throws PatchFailedException when a tool cannot run or times out, or a file cannot be read, parsed or
     *     written
     * @throws InvalidCaptureException when a linker response file of the capture is missing
     */
    public PatchOutcome build(Set<Path> changedFiles, Set<Long> aslrReferences) {
        Optional<String> reload = ChangeRules.fullReloadReason(changedFiles);
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
            return buildLocked(changedFiles, aslrReferences);
        } catch (UncheckedIOException | MalformedObjectFileException e) {
            throw new PatchFailedException(e.getMessage(), e);
        } finally {
            buildLock.unlock();
        }
    }

    private PatchOutcome buildLocked(Set<Path> changedFiles, Set<Long> aslrReferences) {
        deletePreviousLibraries();
        PatchInputs.Scope scope = inputs.scope(changedFiles);
        if (scope.reloadReason().isPresent()) {
            return new NeedsFullReload(scope.reloadReason().get());
        }
        editedSinceFatBuild.addAll(scope.edited());
        List<CrateGraph.Crate> order = graph.rebuildOrder(editedSinceFatBuild);
        if (order.isEmpty()) {
            order = graph.rebuildOrder(Set.of(graph.tip().key()));
        }
        CrateCompiler.Compiled compiled = crateCompiler.compile(order, graph.tip());
        if (compiled.failure().isPresent()) {
            return compiled.failure().get();
        }

        long editStart = System.nanoTime();
        List<PatchObjects> parts = new ArrayList<>();
        for (CrateCompiler.CrateObjects crate : compiled.crates()) {
            parts.add(PatchObjects.read(crate.objects()));
        }
        PatchObjects objects = PatchObjects.merge(parts);

        Optional<String> unpatchable = HostChecks.newThreadLocals(objects, host);
        if (unpatchable.isPresent()) {
            return new NeedsFullReload(unpatchable.get());
        }
        ObjectEdits edits = ObjectEdits.apply(objects, host, linker.needsPcRelativeEhFrame());
        if (!edits.linkable()) {
            return new NeedsFullReload(HostChecks.unresolvedThreadLocals(edits));
        }
        objects = objects.withStaticsUndefined(edits.staticsMadeUndefined());
        Duration editTime = Duration.ofNanos(System.nanoTime() - editStart);
        BuildSummary summary = summarize(changedFiles, compiled.crates(), parts);
        return linkSlides(objects, aslrReferences, compiled.elapsed(), editTime, summary);
    }

    /**
     * The parts of a build's result besides its libraries.
     *
     * @param crates display names of the compiled crates, in build order
     * @param removed functions the rebuilt crates defined in their previous compile and no longer define
     * @param warnings one per changed file that no crate reads
     */
    private record BuildSummary(List<String> crates, List<String> removed, List<String> warnings) {}

    private BuildSummary summarize(Set<Path> changedFiles, List<CrateCompiler.CrateObjects> crates,
            List<PatchObjects> parts) {
        List<String> names = new ArrayList<>();
        Set<String> removed = new TreeSet<>();
        for (int i = 0; i < crates.size(); i++) {
            CrateGraph.Crate crate = crates.get(i).crate();
            names.add(crate.displayName(graph.ambiguous(crate)));
            Set<String> functions = parts.get(i).definedFunctions();
            Set<String> before = previousFunctions.put(crate.key(), functions);
            if (before != null) {
                before.stream().filter(name -> !functions.contains(name)).forEach(removed::add);
            }
        }
        List<String> warnings = new ArrayList<>();
        for (Path file : new TreeSet<>(changedFiles)) {
            if (!inputs.isInput(PatchInputs.canonical(file))) {
                warnings.add(file + " is not read by any crate of the app (rustc's dep-info does not list it),"
                        + " so this patch contains nothing from it");
            }
        }
        return new BuildSummary(names, new ArrayList<>(removed), warnings);
    }

    /** Links one library per distinct slide, or returns why the change needs a full reload. */
    private PatchOutcome linkSlides(PatchObjects objects, Set<Long> aslrReferences, Duration rustc, Duration edits,
            BuildSummary summary) {
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
        return finish(id, slides, rustc, edits, summary);
    }

    private PatchResult finish(long id, SlideBuilds slides, Duration rustc, Duration edits, BuildSummary summary) {
        List<String> warnings = new ArrayList<>(summary.warnings());
        warnings.addAll(slides.warnings);
        if (slides.first != null && slides.first.table().map().length == 0) {
            warnings.add("The patch maps no function of the running app, so the app will not run any new code;"
                    + " check that the edited code is reached through call()");
        }
        List<String> added = slides.first == null ? List.of() : slides.first.table().added();
        int entries = slides.first == null ? 0 : slides.first.table().map().length;
        PatchTimings timings = new PatchTimings(rustc, edits, slides.stub, slides.link, slides.table);
        return new PatchResult(id, slides.artifacts, entries, added, summary.removed(), timings, warnings,
                summary.crates());
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

package dev.whisker.hotpatch;

import dev.whisker.objfile.ObjectFile;
import dev.whisker.objfile.ObjectFiles;
import dev.whisker.objfile.StubObjectWriter;
import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolBinding;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import dev.whisker.objfile.SymbolVisibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Builds the patch library for one slide: writes the stub object, links it with the edited objects, and
 * reads the library back for its jump table and anchor address. Stubs differ per slide because they hold
 * runtime addresses; everything else of a build is shared.
 */
final class SlideLinker {

    /** Per-step times of one slide, added to the build's {@link PatchTimings}. */
    record Times(Duration stub, Duration link, Duration table) {}

    /**
     * A linked library with its table, or, when {@code linkerError} is not null, the linker's output; the
     * artifact and table are then null.
     */
    record Linked(PatchArtifact artifact, JumpTable table, StubPlan stubs, Times times, String linkerError) {}

    private final CapturedInvocation tipLink;
    private final SymbolCache host;
    private final PatcherOptions options;
    private final ToolRunner runner;

    SlideLinker(CapturedInvocation tipLink, SymbolCache host, PatcherOptions options, ToolRunner runner) {
        this.tipLink = tipLink;
        this.host = host;
        this.options = options;
        this.runner = runner;
    }

    /**
     * Returns whether the linker the patch links with needs pc-relative {@code .eh_frame} pointers, decided
     * from the captured link as this linker rewrites it.
     *
     * @throws InvalidCaptureException when a captured response file is missing
     */
    boolean needsPcRelativeEhFrame() {
        boolean systemLinker = options.linker() == PatcherOptions.PatchLinker.SYSTEM;
        Path none = Path.of("none");
        return LinkPlan.of(tipLink, systemLinker, none, List.of(), none).needsPcRelativeEhFrame();
    }

    /**
     * Links the patch for clients whose anchor is at {@code runtimeAnchor}.
     *
     * @param stubs the stub plan for this slide
     * @param library the unique path of the library to write
     * @throws PatchFailedException when a file cannot be written or read, or the library lacks the anchor
     */
    Linked link(long id, PatchObjects objects, StubPlan stubs, long runtimeAnchor, long staticAnchor, Path library) {
        long start = System.nanoTime();
        Path stubFile = library.resolveSibling(library.getFileName() + ".stub.o");
        writeStub(stubs, objects, runtimeAnchor, stubFile);
        long stubDone = System.nanoTime();

        boolean systemLinker = options.linker() == PatcherOptions.PatchLinker.SYSTEM;
        LinkPlan plan = LinkPlan.of(tipLink, systemLinker, stubFile, objects.objects(), library);
        ToolResult result = runner.run(plan.argv(), plan.cwd(), plan.env(), options.toolTimeout());
        long linkDone = System.nanoTime();
        if (!result.succeeded()) {
            Times times = new Times(Duration.ofNanos(stubDone - start), Duration.ofNanos(linkDone - stubDone), Duration.ZERO);
            return new Linked(null, null, stubs, times, result.stderr() + result.stdout());
        }

        List<Symbol> patchSymbols = readLibrary(library).symbols();
        JumpTable table = JumpTable.build(patchSymbols, stubs.stubNames(), host);
        long newBase = anchorInPatch(patchSymbols, library);
        byte[] bytes = readBytes(library);
        long tableDone = System.nanoTime();

        PatchArtifact artifact = new PatchArtifact(id, library.getFileName().toString(), table.map(), staticAnchor,
                newBase, bytes);
        Times times = new Times(Duration.ofNanos(stubDone - start), Duration.ofNanos(linkDone - stubDone),
                Duration.ofNanos(tableDone - linkDone));
        return new Linked(artifact, table, stubs, times, null);
    }

    /**
     * Writes the stub. The anchor gets a default-visibility trampoline when no patch object defines it, so
     * that {@code dlsym(patch, anchor)} finds a symbol inside the library and the client can compute the
     * library's load bias from it; an absolute symbol would not move with the library.
     */
    private void writeStub(StubPlan stubs, PatchObjects objects, long runtimeAnchor, Path stubFile) {
        StubObjectWriter writer = StubObjectWriter.create(host.format(), host.architecture());
        for (StubPlan.Stub stub : stubs.functions()) {
            writer.trampoline(stub.name(), stub.runtimeAddress(), SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN);
        }
        for (StubPlan.Stub stub : stubs.data()) {
            writer.absolute(stub.name(), stub.runtimeAddress(), SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN);
        }
        String anchor = options.anchorSymbol();
        if (!objects.defined().contains(anchor) && !stubs.stubNames().contains(anchor)) {
            writer.trampoline(anchor, runtimeAnchor, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT);
        }
        try {
            writer.write(stubFile);
        } catch (IOException e) {
            throw new PatchFailedException("Failed to write the stub object " + stubFile + ": " + e.getMessage(), e);
        }
    }

    private static ObjectFile readLibrary(Path library) {
        try {
            return ObjectFiles.read(library);
        } catch (IOException e) {
            throw new PatchFailedException("Failed to read the linked patch " + library + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path library) {
        try {
            return Files.readAllBytes(library);
        } catch (IOException e) {
            throw new PatchFailedException("Failed to read the linked patch " + library + ": " + e.getMessage(), e);
        }
    }

    private long anchorInPatch(List<Symbol> patchSymbols, Path library) {
        for (Symbol symbol : patchSymbols) {
            if (symbol.name().equals(options.anchorSymbol()) && symbol.defined()
                    && symbol.kind() != SymbolKind.SECTION && !Symbol.ABSOLUTE_SECTION.equals(symbol.section())) {
                return symbol.address();
            }
        }
        throw new PatchFailedException("The linked patch " + library + " does not define the anchor '"
                + options.anchorSymbol() + "', so clients cannot compute where it was loaded");
    }
}

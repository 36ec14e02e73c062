package dev.whisker.hotpatch;

import dev.whisker.objfile.MalformedObjectFileException;
import dev.whisker.objfile.RelocatableEdit;
import dev.whisker.objfile.RelocatableEditor;
import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Edits the thin objects in place before they are linked, with objfile's {@link RelocatableEditor}:
 * host-owned statics become undefined so the stub supplies the host's copy, thread-local accesses are
 * resolved to the host's TLS offsets, and for rust-lld the {@code .eh_frame} pointers become pc-relative.
 *
 * @param staticsMadeUndefined statics of all objects that now refer to the host's copy, sorted
 * @param missingHostTls thread-locals the objects access that the host lacks, sorted
 * @param unsupportedTls TLS accesses the editor cannot resolve, one description each
 */
record ObjectEdits(List<String> staticsMadeUndefined, List<String> missingHostTls, List<String> unsupportedTls) {

    ObjectEdits {
        staticsMadeUndefined = List.copyOf(staticsMadeUndefined);
        missingHostTls = List.copyOf(missingHostTls);
        unsupportedTls = List.copyOf(unsupportedTls);
    }

    /** Returns whether every TLS access was resolved, so the objects can be linked into a patch. */
    boolean linkable() {
        return missingHostTls.isEmpty() && unsupportedTls.isEmpty();
    }

    /**
     * Edits every object of {@code objects} in place.
     *
     * @param editEhFrame whether the patch is linked by rust-lld, which needs pc-relative {@code .eh_frame} pointers
     * @throws PatchFailedException when an object cannot be read, parsed or written
     */
    static ObjectEdits apply(PatchObjects objects, SymbolCache host, boolean editEhFrame) {
        RelocatableEdit edit = new RelocatableEdit(name -> definesData(host, name), name -> tpoff(host, name), editEhFrame);
        TreeSet<String> statics = new TreeSet<>();
        TreeSet<String> missingTls = new TreeSet<>();
        List<String> unsupported = new ArrayList<>();
        for (Path object : objects.objects()) {
            RelocatableEdit.Result result = editOne(object, edit);
            statics.addAll(result.staticsMadeUndefined());
            missingTls.addAll(result.missingHostTls());
            unsupported.addAll(result.unsupportedTls());
        }
        return new ObjectEdits(new ArrayList<>(statics), new ArrayList<>(missingTls), unsupported);
    }

    private static RelocatableEdit.Result editOne(Path object, RelocatableEdit edit) {
        try {
            return RelocatableEditor.edit(object, edit);
        } catch (IOException | MalformedObjectFileException | IllegalArgumentException e) {
            throw new PatchFailedException("Failed to edit the thin object " + object + ": " + e.getMessage(), e);
        }
    }

    private static boolean definesData(SymbolCache host, String name) {
        for (Symbol copy : host.lookup(name)) {
            if (copy.defined() && (copy.kind() == SymbolKind.OBJECT || copy.kind() == SymbolKind.UNKNOWN)) {
                return true;
            }
        }
        return false;
    }

    private static OptionalLong tpoff(SymbolCache host, String name) {
        for (Symbol copy : host.lookup(name)) {
            if (copy.defined() && copy.kind() == SymbolKind.TLS) {
                return OptionalLong.of(host.tpoff(copy.address()));
            }
        }
        return OptionalLong.empty();
    }
}

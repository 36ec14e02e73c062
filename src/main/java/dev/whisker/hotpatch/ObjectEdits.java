package dev.whisker.hotpatch;

import dev.whisker.objfile.SymbolCache;

/**
 * Edits the thin objects in place before they are linked: host-owned statics become undefined so the stub
 * supplies the host's copy, thread-local accesses are resolved to the host's TLS offsets, and with
 * rust-lld the {@code .eh_frame} pointers become pc-relative.
 */
final class ObjectEdits {
    private ObjectEdits() {}

    /**
     * Applies the edits to every object of {@code objects}.
     *
     * @param editEhFrame whether the patch is linked by rust-lld, which needs pc-relative {@code .eh_frame} pointers
     * @throws PatchFailedException when an object cannot be edited
     */
    static void apply(PatchObjects objects, SymbolCache host, boolean editEhFrame) {
        // TODO: the ELF relocatable editor of dev.whisker.objfile does not exist yet; until it does, no patch links.
        throw new PatchFailedException("Editing the thin objects is not implemented yet, so no patch can be linked");
    }
}

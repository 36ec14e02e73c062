package dev.whisker.objfile;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@link RelocatableEditor} changes in a thin object before the patch link.
 *
 * @param hostDefinesData true when the host's symbol table defines this name as data (OBJECT or NOTYPE). Such
 *     statics become undefined in the object, so the stub supplies the host's address
 * @param hostTpoff the host's thread-pointer offset of a TLS symbol by name (see {@link SymbolCache#tpoff}), or empty
 *     when the host has no such TLS symbol
 * @param pcRelativeEhFrame rewrite absolute personality and LSDA pointers in {@code .eh_frame} CIEs to
 *     PC-relative, which rust-lld needs in a shared object; GNU ld accepts the original
 */
public record RelocatableEdit(
    Predicate<String> hostDefinesData, Function<String, OptionalLong> hostTpoff, boolean pcRelativeEhFrame) {

  public RelocatableEdit {
    Objects.requireNonNull(hostDefinesData, "hostDefinesData");
    Objects.requireNonNull(hostTpoff, "hostTpoff");
  }

  /**
   * Outcome of editing one object.
   *
   * @param staticsMadeUndefined names of statics turned into undefined references
   * @param tlsRelocationsResolved number of TLS relocations resolved to a constant and set to {@code R_X86_64_NONE}
   * @param missingHostTls TLS symbols the object accesses that the host lacks, sorted and distinct; a patch that adds
   *     a {@code thread_local!} has no slot in the host's static TLS block, so it needs a full rebuild
   * @param unsupportedTls TLS relocations left unchanged because their instruction form is not handled, one
   *     description each
   * @param ehFramePointersRewritten number of {@code .eh_frame} pointers made PC-relative
   */
  public record Result(
      List<String> staticsMadeUndefined,
      int tlsRelocationsResolved,
      List<String> missingHostTls,
      List<String> unsupportedTls,
      int ehFramePointersRewritten) {

    public Result {
      staticsMadeUndefined = List.copyOf(staticsMadeUndefined);
      missingHostTls = List.copyOf(missingHostTls);
      unsupportedTls = List.copyOf(unsupportedTls);
    }

    /** Returns whether the object can be linked into a patch: every TLS access was resolved. */
    public boolean linkable() {
      return missingHostTls.isEmpty() && unsupportedTls.isEmpty();
    }
  }
}

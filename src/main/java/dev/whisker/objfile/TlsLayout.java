package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a {@link TlsImage} from TLS sections when a file has no {@code PT_TLS} segment (relocatable objects, Mach-O),
 * laying them out as a linker does: initialised sections first, then zero-filled ones, each at its alignment.
 */
final class TlsLayout {
  /** Largest TLS section alignment accepted; real toolchains use at most a page. */
  static final long MAX_ALIGNMENT = 1L << 20;

  /**
   * One TLS section, already checked by the caller: a power-of-two alignment up to {@link #MAX_ALIGNMENT}, file
   * contents inside the file, and a zero-fill size no larger than the file.
   *
   * @param fileOffset offset of the contents in the file, or -1 for a zero-filled section
   */
  record Part(long address, long size, long fileOffset, long alignment) {
    boolean zeroFill() {
      return fileOffset < 0;
    }
  }

  private TlsLayout() {}

  static TlsImage lay(FileBytes bytes, List<Part> unordered, String structure, String field) {
    List<Part> parts = new ArrayList<>(unordered);
    parts.sort(Comparator.comparing(Part::zeroFill));
    long position = 0;
    long fileSize = 0;
    long alignment = 1;
    for (Part part : parts) {
      alignment = Math.max(alignment, part.alignment());
      position = alignUp(position, part.alignment()) + part.size();
      if (!part.zeroFill()) {
        fileSize = position;
      }
    }
    if (fileSize > bytes.size()) {
      throw bytes.malformed(structure, field, -1, "initial TLS data no larger than the file",
          fileSize + " bytes after alignment");
    }

    byte[] init = new byte[(int) fileSize];
    long at = 0;
    for (Part part : parts) {
      at = alignUp(at, part.alignment());
      if (!part.zeroFill()) {
        bytes.buffer().get((int) part.fileOffset(), init, (int) at, (int) part.size());
      }
      at += part.size();
    }
    return new TlsImage(parts.get(0).address(), position, alignment, fileSize, init);
  }

  private static long alignUp(long value, long alignment) {
    return (value + alignment - 1) & -alignment;
  }
}

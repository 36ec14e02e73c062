package dev.whisker.objfile;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Slice selection in a universal ("fat") Mach-O file: {@code fat_header} then {@code fat_arch} or {@code fat_arch_64}. */
final class UniversalFile {
  static final long FAT_MAGIC = 0xcafebabeL;
  static final long FAT_MAGIC_64 = 0xcafebabfL;
  /**
   * Java class files share {@code 0xcafebabe}; their next field is a version of at least 45, so a real universal
   * file has fewer slices than this.
   */
  private static final long MAX_SLICES = 45;

  private UniversalFile() {}

  static boolean isUniversal(FileBytes bytes) {
    if (bytes.size() < 8) {
      return false;
    }
    FileBytes big = bytes.withOrder(ByteOrder.BIG_ENDIAN);
    long magic = big.u32(0, "fat_header", "magic");
    return (magic == FAT_MAGIC || magic == FAT_MAGIC_64) && big.u32(4, "fat_header", "nfat_arch") < MAX_SLICES;
  }

  static List<Architecture> architectures(FileBytes bytes) {
    List<Architecture> out = new ArrayList<>();
    for (Slice slice : slices(bytes)) {
      out.add(slice.architecture);
    }
    return out;
  }

  static FileBytes select(FileBytes bytes, Architecture architecture) {
    List<Slice> slices = slices(bytes);
    if (architecture == null) {
      if (slices.size() == 1) {
        return slices.get(0).bytes;
      }
      throw new IllegalArgumentException(bytes.label() + " is a universal file with slices "
          + architectures(bytes) + "; select one with ObjectFiles.read(path, architecture)");
    }
    for (Slice slice : slices) {
      if (slice.architecture == architecture) {
        return slice.bytes;
      }
    }
    throw new IllegalArgumentException(bytes.label() + " has no " + architecture + " slice; it holds "
        + architectures(bytes));
  }

  private static List<Slice> slices(FileBytes raw) {
    FileBytes bytes = raw.withOrder(ByteOrder.BIG_ENDIAN);
    boolean wide = bytes.u32(0, "fat_header", "magic") == FAT_MAGIC_64;
    int count = (int) bytes.u32(4, "fat_header", "nfat_arch");
    int entrySize = wide ? 32 : 20;
    bytes.requireRange(8, (long) count * entrySize, "fat_header", "nfat_arch");
    List<Slice> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long at = 8 + (long) i * entrySize;
      String structure = (wide ? "fat_arch_64[" : "fat_arch[") + i + "]";
      long cputype = bytes.u32(at, structure, "cputype");
      long offset = wide ? bytes.u64(at + 8, structure, "offset") : bytes.u32(at + 8, structure, "offset");
      long size = wide ? bytes.u64(at + 16, structure, "size") : bytes.u32(at + 12, structure, "size");
      Architecture architecture = MachOReader.architecture(bytes, cputype, structure, at);
      FileBytes image = raw.slice(offset, size, structure, "offset/size");
      if (image.size() >= 4 && image.withOrder(ByteOrder.BIG_ENDIAN).u32(0, structure, "magic") == FAT_MAGIC) {
        throw bytes.malformed(structure, "offset", at + 8, "a Mach-O image", "a nested universal file");
      }
      out.add(new Slice(architecture, image));
    }
    return out;
  }

  private record Slice(Architecture architecture, FileBytes bytes) {}
}

package dev.whisker.objfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Entry points of the readers: detect ELF, Mach-O or a universal Mach-O file from its magic number and parse it.
 *
 * <p>Files are memory-mapped read-only and never copied whole into the heap; the result holds no reference to the
 * mapping. Everything about the format is decided from the file itself, never from the host OS.
 */
public final class ObjectFiles {
  private static final int ELF_MAGIC = 0x7f454c46;

  private ObjectFiles() {}

  /**
   * Parses the file at {@code path}. A universal file must contain exactly one slice; use
   * {@link #read(Path, Architecture)} to pick one of several.
   *
   * @throws MalformedObjectFileException when the file is not a supported, well-formed object file
   * @throws IllegalArgumentException when a universal file contains several slices
   * @throws IOException when the file cannot be opened or mapped
   */
  public static ObjectFile read(Path path) throws IOException {
    return read(path, null);
  }

  /**
   * Parses the file at {@code path}, selecting the slice for {@code architecture} from a universal file.
   *
   * @param architecture the slice to select, or null to accept a single-slice or non-universal file
   * @throws IllegalArgumentException when the file contains no code for {@code architecture}
   */
  public static ObjectFile read(Path path, Architecture architecture) throws IOException {
    return parse(path.toString(), map(path), architecture);
  }

  /** Maps {@code path} read-only; the file may be at most 2 GiB because Java buffers use int indexes. */
  static ByteBuffer map(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new MalformedObjectFileException(path.toString(), "file", "size", -1, "at most 2 GiB",
            size + " bytes");
      }
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
  }

  /**
   * Parses an object file held in {@code buffer} (from its position to its limit).
   *
   * @param label name used in exception messages
   * @param architecture the universal-file slice to select, or null
   */
  public static ObjectFile parse(String label, ByteBuffer buffer, Architecture architecture) {
    FileBytes bytes = FileBytes.of(label, buffer);
    FileBytes image = UniversalFile.isUniversal(bytes) ? UniversalFile.select(bytes, architecture) : bytes;
    ObjectFile file = parseImage(image);
    if (architecture != null && file.architecture() != architecture) {
      throw new IllegalArgumentException(label + " is built for " + file.architecture() + ", not " + architecture
          + "; pass the file built for " + architecture);
    }
    return file;
  }

  /** Lists the architectures of a universal file's slices, or the single architecture of any other file. */
  public static List<Architecture> architectures(Path path) throws IOException {
    return architectures(path.toString(), map(path));
  }

  /** Lists the architectures held in {@code buffer}, as {@link #architectures(Path)} does for a file. */
  public static List<Architecture> architectures(String label, ByteBuffer buffer) {
    FileBytes bytes = FileBytes.of(label, buffer);
    if (UniversalFile.isUniversal(bytes)) {
      return UniversalFile.architectures(bytes);
    }
    return List.of(parseImage(bytes).architecture());
  }

  static ObjectFile parseImage(FileBytes bytes) {
    long magic = bytes.withOrder(ByteOrder.BIG_ENDIAN).u32(0, "file header", "magic");
    if (magic == ELF_MAGIC) {
      return ElfReader.read(bytes);
    }
    if (magic == 0xcffaedfeL || magic == 0xfeedfacfL) {
      return MachOReader.read(bytes);
    }
    throw bytes.malformed("file header", "magic", 0,
        "ELF (7f 45 4c 46), Mach-O 64 (cf fa ed fe) or universal Mach-O (ca fe ba be)",
        String.format("%08x", magic));
  }

}

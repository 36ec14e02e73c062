package dev.whisker.objfile;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated table of NUL-terminated strings (ELF {@code SHT_STRTAB}, Mach-O string table). Lookups scan at most to
 * the end of the table, so an unterminated string is reported instead of read past the table.
 *
 * <p>The table's bytes are copied into one heap array on first use: scanning an array is several times faster than
 * reading a mapped buffer byte by byte, which dominates the load time of a large binary. Only the string table is
 * copied, never the whole file.
 */
final class StringTable {
  private static final int SHORT_SCAN = 4096;
  private static final byte[] LLVM_SUFFIX = ".llvm.".getBytes(StandardCharsets.US_ASCII);

  private final FileBytes bytes;
  private final int start;
  private final int size;
  private final String description;
  private byte[] table;
  /** Known string runs longer than {@link #SHORT_SCAN}, start to NUL position, so no byte is rescanned twice. */
  private final TreeMap<Integer, Integer> longRuns = new TreeMap<>();
  /** Hash of the string the last {@link #locate} call returned, see {@link #lastHash()}. */
  private int lastHash;

  private StringTable(FileBytes bytes, int start, int size, String description) {
    this.bytes = bytes;
    this.start = start;
    this.size = size;
    this.description = description;
  }

  /** Validates an ELF string-table section: its type and its range in the file. */
  static StringTable of(FileBytes bytes, ElfSectionHeader section) {
    if (section.sh_type() != ElfSectionHeader.SHT_STRTAB) {
      throw bytes.malformed(section.structure(), "sh_type", section.headerOffset() + 4,
          "SHT_STRTAB (3) for a string table", String.valueOf(section.sh_type()));
    }
    bytes.requireRange(section.sh_offset(), section.sh_size(), section.structure(), "sh_offset/sh_size");
    return new StringTable(bytes, (int) section.sh_offset(), (int) section.sh_size(), section.structure());
  }

  /** Validates a string table given by offset and size, as Mach-O's {@code LC_SYMTAB} does. */
  static StringTable of(FileBytes bytes, long offset, long size, String structure) {
    bytes.requireRange(offset, size, structure, "stroff/strsize");
    return new StringTable(bytes, (int) offset, (int) size, structure);
  }

  /**
   * Reads the string at {@code index}.
   *
   * @param structure structure holding the index, for the message
   * @param field field holding the index
   * @param fieldOffset file offset of that field
   */
  String get(long index, String structure, String field, long fieldOffset) {
    return read(index, structure, -1, field, fieldOffset, false);
  }

  /**
   * Reads the name of entry {@code entry} of symbol table {@code tableName} without an LLVM {@code .llvm.<digits>}
   * suffix, which ThinLTO appends when it promotes a local symbol, so the same function matches across builds. The
   * message text is built only on failure, because this runs per symbol.
   */
  String getSymbolName(long index, String tableName, int entry, String field, long fieldOffset) {
    return read(index, tableName, entry, field, fieldOffset, true);
  }

  private String read(long index, String structure, int entry, String field, long fieldOffset,
      boolean stripLlvmSuffix) {
    long location = locate(index, structure, entry, field, fieldOffset, stripLlvmSuffix);
    return new String(table(), (int) (location >>> 32), (int) location, StandardCharsets.UTF_8);
  }

  /**
   * Validates the string at {@code index} and returns its position in {@link #bytes()} in the high 32 bits and its
   * length in the low 32 bits, without creating a {@code String}.
   */
  long locate(long index, String structure, int entry, String field, long fieldOffset, boolean stripLlvmSuffix) {
    if (index < 0 || index >= size) {
      if (index == 0 && size == 0) {
        return 0;
      }
      throw bytes.malformed(entryName(structure, entry), field, fieldOffset,
          "an index below the size " + size + " of " + description, Long.toUnsignedString(index));
    }
    byte[] data = table();
    int from = (int) index;
    int end = findNul(data, from);
    if (end < 0) {
      end = -end - 1;
    } else {
      lastHash = hash(data, from, end - from);
    }
    if (end == size) {
      throw bytes.malformed(entryName(structure, entry), field, fieldOffset,
          "a NUL-terminated string inside " + description, "no NUL before the end of the table");
    }
    int length = end - from;
    if (stripLlvmSuffix) {
      int stripped = withoutLlvmSuffix(data, from, length);
      if (stripped != length) {
        lastHash = hash(data, from, stripped);
        length = stripped;
      }
    }
    return ((long) from << 32) | length;
  }

  /**
   * Returns {@link #hash} of the string the last {@link #locate} call on this view returned, computed during its
   * NUL scan so the compact symbol table needs no second pass over 20 MB of names.
   */
  int lastHash() {
    return lastHash;
  }

  /** Hashes {@code length} bytes like {@link String#hashCode} does for Latin-1 text, but over signed bytes. */
  static int hash(byte[] data, int from, int length) {
    int h = 0;
    for (int i = from; i < from + length; i++) {
      h = 31 * h + data[i];
    }
    return h;
  }

  /** Returns the table's bytes, copied into the heap on first use; callers must not modify them. */
  byte[] bytes() {
    return table();
  }

  private static String entryName(String structure, int entry) {
    return entry < 0 ? structure : structure + "[" + entry + "]";
  }

  /** Copies the table into the heap now, so {@link #forAnotherThread()} views can share it. */
  void load() {
    table();
  }

  /**
   * Returns a view sharing this table's bytes with its own scan state, for reading on another thread. Call
   * {@link #load()} first.
   */
  StringTable forAnotherThread() {
    StringTable view = new StringTable(bytes, start, size, description);
    view.table = table();
    return view;
  }

  private byte[] table() {
    if (table == null) {
      table = new byte[size];
      bytes.buffer().get(start, table, 0, size);
    }
    return table;
  }

  /** Returns the length of the name at {@code from} without a trailing {@code .llvm.<digits>}. */
  private static int withoutLlvmSuffix(byte[] data, int from, int length) {
    int digits = 0;
    while (digits < length && data[from + length - 1 - digits] >= '0' && data[from + length - 1 - digits] <= '9') {
      digits++;
    }
    int suffixStart = length - digits - LLVM_SUFFIX.length;
    if (digits == 0 || suffixStart <= 0) {
      return length;
    }
    for (int i = 0; i < LLVM_SUFFIX.length; i++) {
      if (data[from + suffixStart + i] != LLVM_SUFFIX[i]) {
        return length;
      }
    }
    return suffixStart;
  }

  /**
   * Returns the position of the first NUL at or after {@code from}, or the table size. For a string shorter than
   * {@link #SHORT_SCAN} bytes the result is {@code -position - 1} and {@link #lastHash} contains its hash. A longer
   * string's position is returned as is, without a hash, and remembered: a crafted table whose symbols all point into
   * one huge string would otherwise cost symbols times string length.
   */
  private int findNul(byte[] data, int from) {
    int shortLimit = (int) Math.min(size, (long) from + SHORT_SCAN);
    int end = from;
    int hash = 0;
    byte b;
    while (end < shortLimit && (b = data[end]) != 0) {
      hash = 31 * hash + b;
      end++;
    }
    if (end < shortLimit || end == size) {
      lastHash = hash;
      return -end - 1;
    }
    Map.Entry<Integer, Integer> covering = longRuns.floorEntry(from);
    if (covering != null && covering.getValue() >= from) {
      return covering.getValue();
    }
    Map.Entry<Integer, Integer> next = longRuns.ceilingEntry(from);
    int stop = next == null ? size : next.getKey();
    while (end < stop && data[end] != 0) {
      end++;
    }
    if (end == stop && next != null) {
      end = next.getValue();
    }
    longRuns.put(from, end);
    return end;
  }
}

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
   * suffix (see {@link SymbolNames}). The message text is built only on failure, because this runs per symbol.
   */
  String getSymbolName(long index, String tableName, int entry, String field, long fieldOffset) {
    return read(index, tableName, entry, field, fieldOffset, true);
  }

  private String read(long index, String structure, int entry, String field, long fieldOffset,
      boolean stripLlvmSuffix) {
    if (index < 0 || index >= size) {
      if (index == 0 && size == 0) {
        return "";
      }
      throw bytes.malformed(entryName(structure, entry), field, fieldOffset,
          "an index below the size " + size + " of " + description, Long.toUnsignedString(index));
    }
    byte[] data = table();
    int from = (int) index;
    int end = findNul(data, from);
    if (end == size) {
      throw bytes.malformed(entryName(structure, entry), field, fieldOffset,
          "a NUL-terminated string inside " + description, "no NUL before the end of the table");
    }
    int length = end - from;
    if (stripLlvmSuffix) {
      length = withoutLlvmSuffix(data, from, length);
    }
    return new String(data, from, length, StandardCharsets.UTF_8);
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
   * Returns the position of the first NUL at or after {@code from}, or the table size. Strings longer than
   * {@link #SHORT_SCAN} bytes are remembered: a crafted table whose symbols all point into one huge string would
   * otherwise cost symbols times string length.
   */
  private int findNul(byte[] data, int from) {
    int shortLimit = (int) Math.min(size, (long) from + SHORT_SCAN);
    int end = from;
    while (end < shortLimit && data[end] != 0) {
      end++;
    }
    if (end < shortLimit || end == size) {
      return end;
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

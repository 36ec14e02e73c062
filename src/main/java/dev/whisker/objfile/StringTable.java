package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated table of NUL-terminated strings (ELF {@code SHT_STRTAB}, Mach-O string table). Lookups scan at most to
 * the end of the table, so an unterminated string is reported instead of read past the table.
 */
final class StringTable {
  private final FileBytes bytes;
  private final ByteBuffer buffer;
  private final int start;
  private final int size;
  private final String description;
  private byte[] scratch = new byte[256];
  /** Known string runs longer than {@link #SHORT_SCAN}, start to NUL position, so no byte is rescanned twice. */
  private final TreeMap<Integer, Integer> longRuns = new TreeMap<>();
  private static final int SHORT_SCAN = 4096;

  private StringTable(FileBytes bytes, int start, int size, String description) {
    this.bytes = bytes;
    this.buffer = bytes.buffer();
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
    if (index < 0 || index >= size) {
      if (index == 0 && size == 0) {
        return "";
      }
      throw bytes.malformed(structure, field, fieldOffset, "an index below the size " + size + " of " + description,
          Long.toUnsignedString(index));
    }
    int from = start + (int) index;
    int limit = start + size;
    int end = findNul(from, limit);
    if (end == limit) {
      throw bytes.malformed(structure, field, fieldOffset,
          "a NUL-terminated string inside " + description, "no NUL before the end of the table");
    }
    int length = end - from;
    if (length > scratch.length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    buffer.get(from, scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * Returns the position of the first NUL at or after {@code from}, or {@code limit}. Strings longer than
   * {@link #SHORT_SCAN} bytes are remembered: a crafted table whose symbols all point into one huge string would
   * otherwise cost symbols times string length.
   */
  private int findNul(int from, int limit) {
    int shortLimit = (int) Math.min(limit, (long) from + SHORT_SCAN);
    int end = from;
    while (end < shortLimit && buffer.get(end) != 0) {
      end++;
    }
    if (end < shortLimit || end == limit) {
      return end;
    }
    Map.Entry<Integer, Integer> covering = longRuns.floorEntry(from);
    if (covering != null && covering.getValue() >= from) {
      return covering.getValue();
    }
    Map.Entry<Integer, Integer> next = longRuns.ceilingEntry(from);
    int stop = next == null ? limit : next.getKey();
    while (end < stop && buffer.get(end) != 0) {
      end++;
    }
    if (end == stop && next != null) {
      end = next.getValue();
    }
    longRuns.put(from, end);
    return end;
  }
}

package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The {@code .symtab} of an ELF64 relocatable object as raw, editable entries. */
final class RawSymbolTable {
  static final int ENTRY_SIZE = 24;
  static final int STT_NOTYPE = 0;
  static final int STT_OBJECT = 1;
  static final int STT_SECTION = 3;
  static final int STT_TLS = 6;
  static final int STB_LOCAL = 0;

  /**
   * One {@code Elf64_Sym} and the file offset it was read from. The name is resolved on first use, without a
   * {@code .llvm.<digits>} suffix, because the editor needs the names of few entries.
   */
  static final class Entry {
    private final StringTable strings;
    private final String tableName;
    private String name;
    final int index;
    final int offset;
    final long st_name;
    final int st_info;
    final int st_other;
    final int st_shndx;

    Entry(StringTable strings, String tableName, int index, int offset, long st_name, int st_info, int st_other,
        int st_shndx) {
      this.strings = strings;
      this.tableName = tableName;
      this.index = index;
      this.offset = offset;
      this.st_name = st_name;
      this.st_info = st_info;
      this.st_other = st_other;
      this.st_shndx = st_shndx;
    }

    String name() {
      if (name == null) {
        name = strings.getSymbolName(st_name, tableName, index, "st_name", offset);
      }
      return name;
    }

    int type() {
      return st_info & 0xf;
    }

    int binding() {
      return st_info >>> 4;
    }
  }

  final ElfSectionHeader section;
  final List<Entry> entries;

  private RawSymbolTable(ElfSectionHeader section, List<Entry> entries) {
    this.section = section;
    this.entries = entries;
  }

  /** Reads the first {@code SHT_SYMTAB}; an object without one has an empty table. */
  static RawSymbolTable read(ElfFile elf) {
    ElfSectionHeader symtab = null;
    for (ElfSectionHeader candidate : elf.sections) {
      if (candidate.sh_type() == ElfSectionHeader.SHT_SYMTAB) {
        symtab = candidate;
        break;
      }
    }
    if (symtab == null) {
      return new RawSymbolTable(null, List.of());
    }
    FileBytes b = elf.bytes;
    if (symtab.sh_entsize() != ENTRY_SIZE) {
      throw b.malformed(symtab.structure(), "sh_entsize", symtab.headerOffset() + 56, String.valueOf(ENTRY_SIZE),
          Long.toUnsignedString(symtab.sh_entsize()));
    }
    b.requireRange(symtab.sh_offset(), symtab.sh_size(), symtab.structure(), "sh_offset/sh_size");
    StringTable strings = StringTable.of(b, elf.section(symtab.sh_link(), symtab.structure(), "sh_link",
        symtab.headerOffset() + 40));
    ByteBuffer buffer = b.buffer();
    int count = (int) (symtab.sh_size() / ENTRY_SIZE);
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = (int) symtab.sh_offset() + i * ENTRY_SIZE;
      entries.add(new Entry(strings, symtab.name(), i, at, buffer.getInt(at) & 0xffffffffL, buffer.get(at + 4) & 0xff,
          buffer.get(at + 5) & 0xff, buffer.getShort(at + 6) & 0xffff));
    }
    return new RawSymbolTable(symtab, entries);
  }

  /** Returns entry {@code index}, raising when a relocation names a symbol beyond the table. */
  Entry entry(long index, FileBytes bytes, String structure, long fieldOffset) {
    if (index < 0 || index >= entries.size()) {
      throw bytes.malformed(structure, "r_info", fieldOffset, "a symbol index below " + entries.size(),
          Long.toUnsignedString(index));
    }
    return entries.get((int) index);
  }
}

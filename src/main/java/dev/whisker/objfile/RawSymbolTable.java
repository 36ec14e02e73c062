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

  /** One {@code Elf64_Sym} and the file offset it was read from; the name has no {@code .llvm.<digits>} suffix. */
  record Entry(int index, int offset, String name, int st_info, int st_other, int st_shndx, long st_value,
      long st_size) {

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
      String name = strings.getSymbolName(buffer.getInt(at) & 0xffffffffL, symtab.name(), i, "st_name", at);
      entries.add(new Entry(i, at, name, buffer.get(at + 4) & 0xff, buffer.get(at + 5) & 0xff,
          buffer.getShort(at + 6) & 0xffff, buffer.getLong(at + 8), buffer.getLong(at + 16)));
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

package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Reads {@code .symtab} and {@code .dynsym} into {@link Symbol} projections. */
final class ElfSymbolReader {
  static final int SHN_UNDEF = 0;
  static final int SHN_LORESERVE = 0xff00;
  static final int SHN_ABS = 0xfff1;
  static final int SHN_COMMON = 0xfff2;
  static final int SHN_XINDEX = 0xffff;
  /** x86-64 large-model common symbols ({@code SHN_X86_64_LCOMMON}). */
  static final int SHN_X86_64_LCOMMON = 0xff02;

  private static final SymbolKind[] KINDS = {
    SymbolKind.UNKNOWN, SymbolKind.OBJECT, SymbolKind.FUNCTION, SymbolKind.SECTION, SymbolKind.FILE,
    SymbolKind.OBJECT, SymbolKind.TLS, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN,
    SymbolKind.FUNCTION, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN,
    SymbolKind.UNKNOWN
  };
  private static final SymbolVisibility[] VISIBILITIES = SymbolVisibility.values();

  /** Tables with fewer entries are read on the calling thread; splitting costs more than it saves below this. */
  private static final int PARALLEL_THRESHOLD = 32_768;
  private static final int MAX_CHUNKS = 4;

  private final ElfFile elf;

  ElfSymbolReader(ElfFile elf) {
    this.elf = elf;
  }

  /** Returns {@code .symtab} entries, then {@code .dynsym} entries whose name {@code .symtab} lacks. */
  List<Symbol> readMerged() {
    ElfSectionHeader symtab = null;
    ElfSectionHeader dynsym = null;
    for (ElfSectionHeader section : elf.sections) {
      if (section.sh_type() == ElfSectionHeader.SHT_SYMTAB && symtab == null) {
        symtab = section;
      } else if (section.sh_type() == ElfSectionHeader.SHT_DYNSYM && dynsym == null) {
        dynsym = section;
      }
    }
    List<Symbol> out = new ArrayList<>();
    if (symtab != null) {
      read(symtab, out);
    }
    if (dynsym != null) {
      List<Symbol> dynamic = new ArrayList<>();
      read(dynsym, dynamic);
      mergeMissing(out, dynamic);
    }
    return out;
  }

  /**
   * Appends the dynamic symbols whose names the static table lacks. The set starts with the (smaller) dynamic table's
   * names and drops each name the static table contains, so the large table's names are only looked up, never
   * inserted.
   */
  private static void mergeMissing(List<Symbol> out, List<Symbol> dynamic) {
    if (out.isEmpty()) {
      out.addAll(dynamic);
      return;
    }
    Set<String> missing = new HashSet<>(dynamic.size() * 2);
    for (Symbol symbol : dynamic) {
      missing.add(symbol.name());
    }
    for (Symbol symbol : out) {
      if (missing.isEmpty()) {
        break;
      }
      missing.remove(symbol.name());
    }
    for (Symbol symbol : dynamic) {
      if (missing.contains(symbol.name())) {
        out.add(symbol);
      }
    }
  }

  /** Validates one symbol table's geometry, then projects every entry after the null symbol. */
  void read(ElfSectionHeader table, List<Symbol> out) {
    FileBytes b = elf.bytes;
    int entrySize = elf.is64() ? 24 : 16;
    if (table.sh_entsize() != entrySize) {
      throw b.malformed(table.structure(), "sh_entsize", table.headerOffset() + (elf.is64() ? 56 : 36),
          String.valueOf(entrySize), Long.toUnsignedString(table.sh_entsize()));
    }
    b.requireRange(table.sh_offset(), table.sh_size(), table.structure(), "sh_offset/sh_size");
    ElfSectionHeader strtab = elf.section(table.sh_link(), table.structure(), "sh_link",
        table.headerOffset() + (elf.is64() ? 40 : 24));
    StringTable strings = StringTable.of(b, strtab);
    ExtendedIndexes extended = ExtendedIndexes.find(elf, table);
    int count = (int) (table.sh_size() / entrySize);
    String[] sectionNames = sectionNames();
    int chunks = count < PARALLEL_THRESHOLD ? 1 : Math.min(MAX_CHUNKS, Runtime.getRuntime().availableProcessors());
    if (chunks <= 1) {
      readRange(table, strings, sectionNames, extended, 1, count, out);
      return;
    }
    strings.load();
    int step = (count + chunks - 1) / chunks;
    List<List<Symbol>> parts = IntStream.range(0, chunks).parallel().mapToObj(chunk -> {
      int from = Math.max(1, chunk * step);
      int to = Math.min(count, (chunk + 1) * step);
      List<Symbol> part = new ArrayList<>(Math.max(0, to - from));
      readRange(table, strings.forAnotherThread(), sectionNames, extended, from, to, part);
      return part;
    }).toList();
    for (List<Symbol> part : parts) {
      out.addAll(part);
    }
  }

  /** Projects entries {@code [from, to)}; entries are independent, so ranges can be read on separate threads. */
  private void readRange(ElfSectionHeader table, StringTable strings, String[] sectionNames, ExtendedIndexes extended,
      int from, int to, List<Symbol> out) {
    int entrySize = elf.is64() ? 24 : 16;
    ByteBuffer buffer = elf.bytes.buffer();
    for (int i = from; i < to; i++) {
      int at = (int) table.sh_offset() + i * entrySize;
      out.add(elf.is64() ? read64(buffer, at, i, table, strings, sectionNames, extended)
          : read32(buffer, at, i, table, strings, sectionNames, extended));
    }
  }

  private String[] sectionNames() {
    String[] names = new String[elf.sections.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = elf.sections.get(i).name();
    }
    return names;
  }

  private Symbol read64(ByteBuffer buffer, int at, int index, ElfSectionHeader table, StringTable strings,
      String[] sectionNames, ExtendedIndexes extended) {
    long nameIndex = buffer.getInt(at) & 0xffffffffL;
    int info = buffer.get(at + 4) & 0xff;
    int other = buffer.get(at + 5) & 0xff;
    int shndx = buffer.getShort(at + 6) & 0xffff;
    long value = buffer.getLong(at + 8);
    long size = buffer.getLong(at + 16);
    return project(at, index, table, strings, sectionNames, extended, nameIndex, info, other, shndx, value, size);
  }

  private Symbol read32(ByteBuffer buffer, int at, int index, ElfSectionHeader table, StringTable strings,
      String[] sectionNames, ExtendedIndexes extended) {
    long nameIndex = buffer.getInt(at) & 0xffffffffL;
    long value = buffer.getInt(at + 4) & 0xffffffffL;
    long size = buffer.getInt(at + 8) & 0xffffffffL;
    int info = buffer.get(at + 12) & 0xff;
    int other = buffer.get(at + 13) & 0xff;
    int shndx = buffer.getShort(at + 14) & 0xffff;
    return project(at, index, table, strings, sectionNames, extended, nameIndex, info, other, shndx, value, size);
  }

  private Symbol project(int at, int index, ElfSectionHeader table, StringTable strings, String[] sectionNames,
      ExtendedIndexes extended, long nameIndex, int info, int other, int shndx, long value, long size) {
    String name = strings.getSymbolName(nameIndex, table.name(), index, "st_name", at);
    SymbolBinding binding = binding(info >>> 4, table, index, at + (elf.is64() ? 4 : 12));
    int sectionIndex = shndx == SHN_XINDEX ? extended.index(index, structure(table, index)) : shndx;
    String section = sectionName(sectionIndex, shndx, sectionNames, table, index, at + (elf.is64() ? 6 : 14));
    return new Symbol(name, value, size, KINDS[info & 0xf], binding, VISIBILITIES[other & 3],
        sectionIndex != SHN_UNDEF || shndx == SHN_XINDEX, section);
  }

  /** Names one symbol entry in messages; built only on the error path because it costs an allocation. */
  private static String structure(ElfSectionHeader table, int index) {
    return table.name() + "[" + index + "]";
  }

  private SymbolBinding binding(int bind, ElfSectionHeader table, int index, long fieldOffset) {
    switch (bind) {
      case 0: return SymbolBinding.LOCAL;
      case 1: return SymbolBinding.GLOBAL;
      case 2: return SymbolBinding.WEAK;
      case 10: return SymbolBinding.UNIQUE;
      default:
        throw elf.bytes.malformed(structure(table, index), "st_info", fieldOffset,
            "binding STB_LOCAL, STB_GLOBAL, STB_WEAK or STB_GNU_UNIQUE", String.valueOf(bind));
    }
  }

  private String sectionName(int sectionIndex, int shndx, String[] names, ElfSectionHeader table, int index,
      long fieldOffset) {
    if (shndx == SHN_UNDEF) {
      return "";
    }
    if (shndx == SHN_ABS) {
      return Symbol.ABSOLUTE_SECTION;
    }
    if (shndx == SHN_COMMON || shndx == SHN_X86_64_LCOMMON) {
      return Symbol.COMMON_SECTION;
    }
    if (shndx >= SHN_LORESERVE && shndx != SHN_XINDEX) {
      throw elf.bytes.malformed(structure(table, index), "st_shndx", fieldOffset,
          "a section index, SHN_ABS, SHN_COMMON or SHN_XINDEX", "0x" + Integer.toHexString(shndx));
    }
    if ((sectionIndex < 0 || sectionIndex >= names.length) && elf.header.e_type() != ElfHeader.ET_REL) {
      // Post-link tools (BOLT, partial strip) leave stale indexes in .dynsym; the loader never reads st_shndx of a
      // defined symbol, so a linked file stays usable. A relocatable object needs the index and is rejected.
      return Symbol.UNKNOWN_SECTION;
    }
    if (sectionIndex < 0 || sectionIndex >= names.length) {
      throw elf.bytes.malformed(structure(table, index), "st_shndx", fieldOffset, "a section index below " + names.length,
          Integer.toUnsignedString(sectionIndex));
    }
    return names[sectionIndex];
  }
}

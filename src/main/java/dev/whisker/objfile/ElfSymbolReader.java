package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Validates and decodes {@code .symtab} and {@code .dynsym} entries. Decoded entries go to an {@link EntrySink}, so the
 * same checks feed both the {@link Symbol} list of {@link ObjectFile} and the compact table of {@link SymbolCache}.
 */
final class ElfSymbolReader {
  static final int SHN_UNDEF = 0;
  static final int SHN_LORESERVE = 0xff00;
  static final int SHN_ABS = 0xfff1;
  static final int SHN_COMMON = 0xfff2;
  static final int SHN_XINDEX = 0xffff;
  /** x86-64 large-model common symbols ({@code SHN_X86_64_LCOMMON}). */
  static final int SHN_X86_64_LCOMMON = 0xff02;
  /** Section slots passed to sinks for symbols outside any section; other slots are section indexes. */
  static final int SLOT_UNDEFINED = -1;
  static final int SLOT_ABSOLUTE = -2;
  static final int SLOT_COMMON = -3;
  static final int SLOT_UNKNOWN = -4;

  static final SymbolKind[] KINDS = {
    SymbolKind.UNKNOWN, SymbolKind.OBJECT, SymbolKind.FUNCTION, SymbolKind.SECTION, SymbolKind.FILE,
    SymbolKind.OBJECT, SymbolKind.TLS, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN,
    SymbolKind.FUNCTION, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN, SymbolKind.UNKNOWN,
    SymbolKind.UNKNOWN
  };

  /** Tables with fewer entries are read on the calling thread; splitting costs more than it saves below this. */
  private static final int PARALLEL_THRESHOLD = 32_768;
  private static final int MAX_CHUNKS = 4;

  /**
   * Receives one validated entry; {@code names} is the string table the name lies in and {@code nameHash} is
   * {@link StringTable#hash} of the name.
   */
  interface EntrySink {
    void accept(int index, byte[] names, int nameFrom, int nameLength, int nameHash, SymbolKind kind,
        SymbolBinding binding, int other, int sectionSlot, long value, long size);
  }

  /** One validated symbol table with its string table. */
  record Table(ElfSectionHeader section, StringTable strings, ExtendedIndexes extended, int count) {}

  private final ElfFile elf;
  private final String[] sectionNames;

  ElfSymbolReader(ElfFile elf) {
    this.elf = elf;
    this.sectionNames = new String[elf.sections.size()];
    for (int i = 0; i < sectionNames.length; i++) {
      sectionNames[i] = elf.sections.get(i).name();
    }
  }

  ElfSectionHeader first(long type) {
    for (ElfSectionHeader section : elf.sections) {
      if (section.sh_type() == type) {
        return section;
      }
    }
    return null;
  }

  /** Returns the section name for a slot passed to an {@link EntrySink}. */
  String sectionName(int slot) {
    switch (slot) {
      case SLOT_UNDEFINED: return "";
      case SLOT_ABSOLUTE: return Symbol.ABSOLUTE_SECTION;
      case SLOT_COMMON: return Symbol.COMMON_SECTION;
      case SLOT_UNKNOWN: return Symbol.UNKNOWN_SECTION;
      default: return sectionNames[slot];
    }
  }

  /** Returns {@code .symtab} entries, then {@code .dynsym} entries whose name {@code .symtab} lacks. */
  List<Symbol> readMerged() {
    ElfSectionHeader symtab = first(ElfSectionHeader.SHT_SYMTAB);
    ElfSectionHeader dynsym = first(ElfSectionHeader.SHT_DYNSYM);
    List<Symbol> out = new ArrayList<>();
    if (symtab != null) {
      readSymbols(open(symtab), out);
    }
    if (dynsym != null) {
      List<Symbol> dynamic = new ArrayList<>();
      readSymbols(open(dynsym), dynamic);
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

  /** Validates a symbol table's geometry and string table. */
  Table open(ElfSectionHeader table) {
    FileBytes b = elf.bytes;
    int entrySize = entrySize();
    if (table.sh_entsize() != entrySize) {
      throw b.malformed(table.structure(), "sh_entsize", table.headerOffset() + (elf.is64() ? 56 : 36),
          String.valueOf(entrySize), Long.toUnsignedString(table.sh_entsize()));
    }
    b.requireRange(table.sh_offset(), table.sh_size(), table.structure(), "sh_offset/sh_size");
    ElfSectionHeader strtab = elf.section(table.sh_link(), table.structure(), "sh_link",
        table.headerOffset() + (elf.is64() ? 40 : 24));
    StringTable strings = StringTable.of(b, strtab);
    strings.load();
    return new Table(table, strings, ExtendedIndexes.find(elf, table), (int) (table.sh_size() / entrySize));
  }

  /** Projects every entry after the null symbol to {@link Symbol}, in chunks on several threads for big tables. */
  private void readSymbols(Table table, List<Symbol> out) {
    int count = table.count();
    int chunks = count < PARALLEL_THRESHOLD ? 1 : Math.min(MAX_CHUNKS, Runtime.getRuntime().availableProcessors());
    if (chunks <= 1) {
      decode(table, table.strings(), 1, count, symbolSink(out));
      return;
    }
    int step = (count + chunks - 1) / chunks;
    List<List<Symbol>> parts = IntStream.range(0, chunks).parallel().mapToObj(chunk -> {
      int from = Math.max(1, chunk * step);
      int to = Math.min(count, (chunk + 1) * step);
      List<Symbol> part = new ArrayList<>(Math.max(0, to - from));
      decode(table, table.strings().forAnotherThread(), from, to, symbolSink(part));
      return part;
    }).toList();
    for (List<Symbol> part : parts) {
      out.addAll(part);
    }
  }

  private EntrySink symbolSink(List<Symbol> out) {
    SymbolVisibility[] visibilities = SymbolVisibility.values();
    return (index, names, from, length, hash, kind, binding, other, slot, value, size) -> out.add(new Symbol(
        new String(names, from, length, StandardCharsets.UTF_8), value, size, kind, binding, visibilities[other & 3],
        slot != SLOT_UNDEFINED, sectionName(slot)));
  }

  /**
   * Decodes entries {@code [from, to)} into {@code sink}; entries are independent, so ranges can be decoded on
   * separate threads, each with its own {@code strings} view.
   */
  void decode(Table table, StringTable strings, int from, int to, EntrySink sink) {
    boolean wide = elf.is64();
    int entrySize = entrySize();
    ByteBuffer buffer = elf.bytes.buffer();
    byte[] names = strings.bytes();
    String tableName = table.section().name();
    for (int i = from; i < to; i++) {
      int at = (int) table.section().sh_offset() + i * entrySize;
      long nameIndex = buffer.getInt(at) & 0xffffffffL;
      long value = wide ? buffer.getLong(at + 8) : buffer.getInt(at + 4) & 0xffffffffL;
      long size = wide ? buffer.getLong(at + 16) : buffer.getInt(at + 8) & 0xffffffffL;
      int info = buffer.get(at + (wide ? 4 : 12)) & 0xff;
      int other = buffer.get(at + (wide ? 5 : 13)) & 0xff;
      int shndx = buffer.getShort(at + (wide ? 6 : 14)) & 0xffff;

      long location = strings.locate(nameIndex, tableName, i, "st_name", at, true);
      SymbolBinding binding = binding(info >>> 4, table, i, at + (wide ? 4 : 12));
      int slot = sectionSlot(shndx, table, i, at + (wide ? 6 : 14));
      sink.accept(i, names, (int) (location >>> 32), (int) location, strings.lastHash(), KINDS[info & 0xf], binding,
          other, slot, value, size);
    }
  }

  private int entrySize() {
    return elf.is64() ? 24 : 16;
  }

  /** Names one symbol entry in messages; built only on the error path because it costs an allocation. */
  private static String structure(Table table, int index) {
    return table.section().name() + "[" + index + "]";
  }

  private SymbolBinding binding(int bind, Table table, int index, long fieldOffset) {
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

  private int sectionSlot(int shndx, Table table, int index, long fieldOffset) {
    if (shndx == SHN_UNDEF) {
      return SLOT_UNDEFINED;
    }
    if (shndx == SHN_ABS) {
      return SLOT_ABSOLUTE;
    }
    if (shndx == SHN_COMMON || shndx == SHN_X86_64_LCOMMON) {
      return SLOT_COMMON;
    }
    if (shndx >= SHN_LORESERVE && shndx != SHN_XINDEX) {
      throw elf.bytes.malformed(structure(table, index), "st_shndx", fieldOffset,
          "a section index, SHN_ABS, SHN_COMMON or SHN_XINDEX", "0x" + Integer.toHexString(shndx));
    }
    int sectionIndex = shndx == SHN_XINDEX ? table.extended().index(index, structure(table, index)) : shndx;
    if (sectionIndex >= 0 && sectionIndex < sectionNames.length) {
      return sectionIndex;
    }
    if (elf.header.e_type() != ElfHeader.ET_REL) {
      // The nightly toolchain's librustc_driver, rewritten by a post-link optimiser, has such a .dynsym entry. The
      // dynamic loader never uses st_shndx as a section index, so a linked file stays usable; a relocatable needs it.
      return SLOT_UNKNOWN;
    }
    throw elf.bytes.malformed(structure(table, index), "st_shndx", fieldOffset,
        "a section index below " + sectionNames.length, Integer.toUnsignedString(sectionIndex));
  }
}

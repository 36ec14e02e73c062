package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stub as an ELF64 little-endian {@code ET_REL}: sections NULL, {@code .text} (AX, align 16), optional
 * {@code .tdata} (WAT), an empty {@code .note.GNU-stack} so linkers keep the stack non-executable,
 * {@code .symtab}, {@code .strtab} and {@code .shstrtab}. Symbols: the null symbol, one section symbol per content
 * section, the LOCAL definitions, then the rest ({@code sh_info} of {@code .symtab} is the first non-local index).
 */
final class ElfStubWriter {
  private static final int EHDR_SIZE = 64;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;
  private static final int STT_NOTYPE = 0;
  private static final int STT_OBJECT = 1;
  private static final int STT_FUNC = 2;
  private static final int STT_SECTION = 3;
  private static final int STT_TLS = 6;

  private ElfStubWriter() {}

  private record Header(String name, long type, long flags, long offset, long size, long link, long info,
      long align, long entsize) {}

  static byte[] write(StubContents stub) {
    boolean tls = stub.hasThreadLocalData();
    int textIndex = 1;
    int tdataIndex = tls ? 2 : 0;
    int noteIndex = tls ? 3 : 2;
    int symtabIndex = noteIndex + 1;
    int strtabIndex = symtabIndex + 1;
    int shstrtabIndex = strtabIndex + 1;

    ByteSink out = new ByteSink();
    out.zeros(EHDR_SIZE);
    out.align(16);
    long textOffset = out.position();
    out.bytes(stub.text);
    long tdataOffset = 0;
    if (tls) {
      out.align(stub.threadLocalAlignment);
      tdataOffset = out.position();
      out.bytes(stub.threadLocalData);
    }

    StringTableBuilder strings = new StringTableBuilder();
    ByteSink symbols = new ByteSink();
    symbols.zeros(SYM_SIZE);
    writeSymbol(symbols, 0, STT_SECTION, 0, 0, textIndex, 0, 0);
    if (tls) {
      writeSymbol(symbols, 0, STT_SECTION, 0, 0, tdataIndex, 0, 0);
    }
    int firstGlobal = (tls ? 3 : 2) + stub.locals.size();
    for (StubDefinition definition : concat(stub.locals, stub.globals)) {
      writeDefinition(symbols, strings, stub, definition, textIndex, tdataIndex);
    }

    out.align(8);
    long symtabOffset = out.position();
    out.bytes(symbols.toArray());
    long strtabOffset = out.position();
    byte[] strtab = strings.toArray();
    out.bytes(strtab);

    List<Header> headers = new ArrayList<>();
    headers.add(new Header("", 0, 0, 0, 0, 0, 0, 0, 0));
    headers.add(new Header(".text", ElfSectionHeader.SHT_PROGBITS,
        ElfSectionHeader.SHF_ALLOC | ElfSectionHeader.SHF_EXECINSTR, textOffset, stub.text.length, 0, 0, 16, 0));
    if (tls) {
      headers.add(new Header(".tdata", ElfSectionHeader.SHT_PROGBITS,
          ElfSectionHeader.SHF_ALLOC | ElfSectionHeader.SHF_WRITE | ElfSectionHeader.SHF_TLS, tdataOffset,
          stub.threadLocalData.length, 0, 0, stub.threadLocalAlignment, 0));
    }
    headers.add(new Header(".note.GNU-stack", ElfSectionHeader.SHT_PROGBITS, 0, strtabOffset, 0, 0, 0, 1, 0));
    headers.add(new Header(".symtab", ElfSectionHeader.SHT_SYMTAB, 0, symtabOffset, strtabOffset - symtabOffset,
        strtabIndex, firstGlobal, 8, SYM_SIZE));
    headers.add(new Header(".strtab", ElfSectionHeader.SHT_STRTAB, 0, strtabOffset, strtab.length, 0, 0, 1, 0));

    StringTableBuilder sectionNames = new StringTableBuilder();
    List<Integer> nameIndexes = new ArrayList<>();
    for (Header header : headers) {
      nameIndexes.add(sectionNames.add(header.name()));
    }
    int shstrtabName = sectionNames.add(".shstrtab");
    long shstrtabOffset = out.position();
    byte[] shstrtab = sectionNames.toArray();
    out.bytes(shstrtab);
    headers.add(new Header(".shstrtab", ElfSectionHeader.SHT_STRTAB, 0, shstrtabOffset, shstrtab.length, 0, 0, 1, 0));
    nameIndexes.add(shstrtabName);

    out.align(8);
    long shoff = out.position();
    for (int i = 0; i < headers.size(); i++) {
      writeSectionHeader(out, nameIndexes.get(i), headers.get(i));
    }
    byte[] bytes = out.toArray();
    writeFileHeader(bytes, stub.architecture, shoff, headers.size(), shstrtabIndex);
    return bytes;
  }

  private static List<StubDefinition> concat(List<StubDefinition> a, List<StubDefinition> b) {
    List<StubDefinition> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void writeDefinition(ByteSink symbols, StringTableBuilder strings, StubContents stub,
      StubDefinition definition, int textIndex, int tdataIndex) {
    int name = strings.add(definition.name());
    int binding = switch (definition.binding()) {
      case LOCAL -> 0;
      case WEAK -> 2;
      default -> 1;
    };
    int visibility = definition.visibility().ordinal();
    switch (definition.kind()) {
      case TRAMPOLINE -> writeSymbol(symbols, name, STT_FUNC, binding, visibility, textIndex,
          stub.textOffsets.get(definition.name()), definition.size());
      case ABSOLUTE -> writeSymbol(symbols, name, STT_OBJECT, binding, visibility, ElfSymbolReader.SHN_ABS,
          definition.value(), 0);
      case THREAD_LOCAL -> writeSymbol(symbols, name, STT_TLS, binding, visibility, tdataIndex,
          definition.value(), definition.size());
      default -> throw new IllegalStateException("unknown stub kind " + definition.kind());
    }
  }

  private static void writeSymbol(ByteSink out, int name, int type, int binding, int visibility, int shndx,
      long value, long size) {
    out.u32(name).u8((binding << 4) | type).u8(visibility).u16(shndx).u64(value).u64(size);
  }

  private static void writeSectionHeader(ByteSink out, int name, Header h) {
    out.u32(name).u32(h.type()).u64(h.flags()).u64(0).u64(h.offset()).u64(h.size()).u32(h.link()).u32(h.info())
        .u64(h.align()).u64(h.entsize());
  }

  private static void writeFileHeader(byte[] bytes, Architecture architecture, long shoff, int shnum, int shstrndx) {
    ByteSink header = new ByteSink();
    header.u8(0x7f).u8('E').u8('L').u8('F').u8(2).u8(1).u8(1).u8(0).zeros(8);
    header.u16(ElfHeader.ET_REL);
    header.u16(architecture == Architecture.X86_64 ? ElfHeader.EM_X86_64 : ElfHeader.EM_AARCH64);
    header.u32(1).u64(0).u64(0).u64(shoff).u32(0);
    header.u16(EHDR_SIZE).u16(0).u16(0).u16(SHDR_SIZE).u16(shnum).u16(shstrndx);
    System.arraycopy(header.toArray(), 0, bytes, 0, EHDR_SIZE);
  }
}

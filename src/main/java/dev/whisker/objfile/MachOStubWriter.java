package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a stub as a little-endian Mach-O {@code MH_OBJECT}: one unnamed {@code LC_SEGMENT_64} holding
 * {@code __TEXT,__text} and optionally {@code __DATA,__thread_data}, then {@code LC_BUILD_VERSION} (macOS 11.0),
 * {@code LC_SYMTAB} and {@code LC_DYSYMTAB}. Symbols are ordered locals first, then external definitions sorted by
 * name, as {@code LC_DYSYMTAB} requires.
 *
 * <p>NOTE: TLS symbols are plain symbols in {@code __thread_data}; no {@code __thread_vars} descriptors are written,
 * so C code cannot reach them as {@code _Thread_local} variables.
 */
final class MachOStubWriter {
  private static final int HEADER_SIZE = 32;
  private static final int SEGMENT_SIZE = 72;
  private static final int SECTION_SIZE = 80;
  private static final int BUILD_VERSION_SIZE = 24;
  private static final int SYMTAB_SIZE = 24;
  private static final int DYSYMTAB_SIZE = 80;
  private static final int LC_DYSYMTAB = 0xb;
  private static final int LC_BUILD_VERSION = 0x32;
  private static final int PLATFORM_MACOS = 1;
  private static final int MACOS_11 = 0x000b0000;
  private static final int MH_SUBSECTIONS_VIA_SYMBOLS = 0x2000;
  private static final long TEXT_FLAGS = MachOSection.S_ATTR_PURE_INSTRUCTIONS | MachOSection.S_ATTR_SOME_INSTRUCTIONS;

  private MachOStubWriter() {}

  static byte[] write(StubContents stub) {
    boolean tls = stub.hasThreadLocalData();
    int nsects = tls ? 2 : 1;
    int sizeofcmds = SEGMENT_SIZE + nsects * SECTION_SIZE + BUILD_VERSION_SIZE + SYMTAB_SIZE + DYSYMTAB_SIZE;
    int textOffset = align(HEADER_SIZE + sizeofcmds, 16);
    int textSize = stub.text.length;
    int tdataAddress = tls ? align(textSize, stub.threadLocalAlignment) : textSize;
    int tdataSize = tls ? stub.threadLocalData.length : 0;
    int contentEnd = textOffset + tdataAddress + tdataSize;

    List<StubDefinition> globals = new ArrayList<>(stub.globals);
    globals.sort(Comparator.comparing(StubDefinition::name));
    StringTableBuilder strings = new StringTableBuilder();
    ByteSink symbols = new ByteSink();
    for (StubDefinition definition : stub.locals) {
      writeNlist(symbols, strings, stub, definition, tdataAddress);
    }
    for (StubDefinition definition : globals) {
      writeNlist(symbols, strings, stub, definition, tdataAddress);
    }
    int symoff = align(contentEnd, 8);
    byte[] symbolBytes = symbols.toArray();
    int stroff = symoff + symbolBytes.length;
    byte[] stringBytes = strings.toArray();
    int strsize = align(stringBytes.length, 8);
    int nsyms = stub.locals.size() + globals.size();

    ByteSink out = new ByteSink();
    out.u32(MachOReader.MH_MAGIC_64 & 0xffffffffL);
    out.u32(stub.architecture == Architecture.X86_64 ? MachOReader.CPU_TYPE_X86_64 : MachOReader.CPU_TYPE_ARM64);
    out.u32(stub.architecture == Architecture.X86_64 ? 3 : 0);
    out.u32(MachOReader.MH_OBJECT).u32(4).u32(sizeofcmds).u32(MH_SUBSECTIONS_VIA_SYMBOLS).u32(0);

    out.u32(MachOReader.LC_SEGMENT_64).u32(SEGMENT_SIZE + nsects * SECTION_SIZE).fixedName("", 16);
    out.u64(0).u64(tdataAddress + tdataSize).u64(textOffset).u64(contentEnd - textOffset).u32(7).u32(7)
        .u32(nsects).u32(0);
    writeSection(out, "__text", "__TEXT", 0, textSize, textOffset, 4, TEXT_FLAGS);
    if (tls) {
      writeSection(out, "__thread_data", "__DATA", tdataAddress, tdataSize, textOffset + tdataAddress,
          Integer.numberOfTrailingZeros(stub.threadLocalAlignment), MachOSection.S_THREAD_LOCAL_REGULAR);
    }
    out.u32(LC_BUILD_VERSION).u32(BUILD_VERSION_SIZE).u32(PLATFORM_MACOS).u32(MACOS_11).u32(0).u32(0);
    out.u32(MachOReader.LC_SYMTAB).u32(SYMTAB_SIZE).u32(symoff).u32(nsyms).u32(stroff).u32(strsize);
    out.u32(LC_DYSYMTAB).u32(DYSYMTAB_SIZE).u32(0).u32(stub.locals.size()).u32(stub.locals.size())
        .u32(globals.size()).u32(nsyms).u32(0).zeros(DYSYMTAB_SIZE - 32);

    out.align(16);
    out.bytes(stub.text);
    if (tls) {
      out.zeros(textOffset + tdataAddress - out.position()).bytes(stub.threadLocalData);
    }
    out.align(8);
    out.bytes(symbolBytes).bytes(stringBytes).align(8);
    return out.toArray();
  }

  private static void writeSection(ByteSink out, String sectname, String segname, long addr, long size, long offset,
      int alignLog2, long flags) {
    out.fixedName(sectname, 16).fixedName(segname, 16).u64(addr).u64(size).u32(offset).u32(alignLog2)
        .u32(0).u32(0).u32(flags).u32(0).u32(0).u32(0);
  }

  private static void writeNlist(ByteSink out, StringTableBuilder strings, StubContents stub,
      StubDefinition definition, int tdataAddress) {
    int type;
    int sect;
    long value;
    switch (definition.kind()) {
      case TRAMPOLINE -> {
        type = MachOSymbolReader.N_SECT;
        sect = 1;
        value = stub.textOffsets.get(definition.name());
      }
      case THREAD_LOCAL -> {
        type = MachOSymbolReader.N_SECT;
        sect = 2;
        value = tdataAddress + definition.value();
      }
      default -> {
        type = MachOSymbolReader.N_ABS;
        sect = 0;
        value = definition.value();
      }
    }
    if (definition.binding() != SymbolBinding.LOCAL) {
      type |= MachOSymbolReader.N_EXT;
      if (definition.visibility() != SymbolVisibility.DEFAULT) {
        type |= MachOSymbolReader.N_PEXT;
      }
    }
    int desc = definition.binding() == SymbolBinding.WEAK ? MachOSymbolReader.N_WEAK_DEF : 0;
    out.u32(strings.add(definition.name())).u8(type).u8(sect).u16(desc).u64(value);
  }

  private static int align(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}

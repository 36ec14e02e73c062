package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads one 64-bit Mach-O image (a whole file or one slice of a universal file). */
final class MachOReader {
  static final int MH_MAGIC_64 = 0xfeedfacf;
  static final int MH_OBJECT = 0x1;
  static final int CPU_TYPE_X86_64 = 0x01000007;
  static final int CPU_TYPE_ARM64 = 0x0100000c;
  static final int LC_SYMTAB = 0x2;
  static final int LC_SEGMENT_64 = 0x19;
  private static final int HEADER_SIZE = 32;
  private static final int SEGMENT_SIZE = 72;
  private static final int SECTION_SIZE = 80;
  private static final String HEADER = "mach_header_64";

  private final FileBytes bytes;
  private final List<MachOSection> sections = new ArrayList<>();
  private long symtabCommand = -1;

  private MachOReader(FileBytes bytes) {
    this.bytes = bytes;
  }

  /** Parses {@code bytes}, whose first four bytes must be {@code MH_MAGIC_64} in either byte order. */
  static ObjectFile read(FileBytes raw) {
    FileBytes bytes = raw;
    if (raw.u32(0, HEADER, "magic") != (MH_MAGIC_64 & 0xffffffffL)) {
      bytes = raw.withOrder(raw.order() == java.nio.ByteOrder.LITTLE_ENDIAN
          ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    }
    return new MachOReader(bytes).parse();
  }

  static Architecture architecture(FileBytes bytes, long cputype, String structure, long fieldOffset) {
    if (cputype == CPU_TYPE_X86_64) {
      return Architecture.X86_64;
    }
    if (cputype == CPU_TYPE_ARM64) {
      return Architecture.AARCH64;
    }
    throw bytes.malformed(structure, "cputype", fieldOffset,
        "CPU_TYPE_X86_64 (0x1000007) or CPU_TYPE_ARM64 (0x100000c)", "0x" + Long.toHexString(cputype));
  }

  private ObjectFile parse() {
    Architecture architecture = architecture(bytes, bytes.u32(4, HEADER, "cputype"), HEADER, 4);
    long filetype = bytes.u32(12, HEADER, "filetype");
    long ncmds = bytes.u32(16, HEADER, "ncmds");
    long sizeofcmds = bytes.u32(20, HEADER, "sizeofcmds");
    if (sizeofcmds > bytes.size() - HEADER_SIZE) {
      throw bytes.malformed(HEADER, "sizeofcmds", 20, "at most " + (bytes.size() - HEADER_SIZE) + " bytes",
          String.valueOf(sizeofcmds));
    }
    if (ncmds > sizeofcmds / 8) {
      throw bytes.malformed(HEADER, "ncmds", 16, "at most sizeofcmds / 8 = " + sizeofcmds / 8, String.valueOf(ncmds));
    }
    readLoadCommands((int) ncmds, HEADER_SIZE + sizeofcmds);
    List<Section> projected = new ArrayList<>(sections.size());
    for (MachOSection section : sections) {
      projected.add(section.toSection(bytes.base()));
    }
    List<Symbol> symbols = symtabCommand < 0 ? List.of() : new MachOSymbolReader(bytes, sections).read(symtabCommand);
    return new ObjectFile(bytes.label(), ObjectFormat.MACHO64, architecture, bytes.order(), filetype == MH_OBJECT,
        projected, symbols, tls());
  }

  private void readLoadCommands(int ncmds, long end) {
    long at = HEADER_SIZE;
    for (int i = 0; i < ncmds; i++) {
      String structure = "load command [" + i + "]";
      if (at + 8 > end) {
        throw bytes.malformed(structure, "cmd", at, "a load command inside sizeofcmds (end 0x"
            + Long.toHexString(end) + ")", "offset 0x" + Long.toHexString(at));
      }
      long cmd = bytes.u32(at, structure, "cmd");
      long cmdsize = bytes.u32(at + 4, structure, "cmdsize");
      if (cmdsize < 8 || cmdsize % 8 != 0 || cmdsize > end - at) {
        throw bytes.malformed(structure, "cmdsize", at + 4,
            "a multiple of 8, at least 8, ending by 0x" + Long.toHexString(end), String.valueOf(cmdsize));
      }
      if (cmd == LC_SEGMENT_64) {
        readSegment(at, cmdsize);
      } else if (cmd == LC_SYMTAB) {
        symtabCommand = at;
      }
      at += cmdsize;
    }
  }

  private void readSegment(long at, long cmdsize) {
    String structure = "segment_command_64 at 0x" + Long.toHexString(bytes.base() + at);
    long nsects = bytes.u32(at + 64, structure, "nsects");
    if (nsects > (cmdsize - SEGMENT_SIZE) / SECTION_SIZE) {
      throw bytes.malformed(structure, "nsects", at + 64,
          "at most " + (cmdsize - SEGMENT_SIZE) / SECTION_SIZE + " sections in cmdsize " + cmdsize,
          String.valueOf(nsects));
    }
    for (int i = 0; i < nsects; i++) {
      long s = at + SEGMENT_SIZE + (long) i * SECTION_SIZE;
      int ordinal = sections.size() + 1;
      String name = "section_64 [" + ordinal + "]";
      MachOSection section = new MachOSection(ordinal, s, bytes.fixedName(s, 16, name, "sectname"),
          bytes.fixedName(s + 16, 16, name, "segname"), bytes.u64(s + 32, name, "addr"), bytes.u64(s + 40, name, "size"),
          bytes.u32(s + 48, name, "offset"), bytes.u32(s + 52, name, "align"), bytes.u32(s + 64, name, "flags"));
      if (!section.zeroFill()) {
        bytes.requireRange(section.offset(), section.size(), section.structure(), "offset/size");
      }
      sections.add(section);
    }
  }

  /** Lays out {@code __thread_data} and {@code __thread_bss} sections as the linker does (see {@link TlsLayout}). */
  private Optional<TlsImage> tls() {
    List<TlsLayout.Part> parts = new ArrayList<>();
    for (MachOSection section : sections) {
      if (section.type() == MachOSection.S_THREAD_LOCAL_REGULAR
          || section.type() == MachOSection.S_THREAD_LOCAL_ZEROFILL) {
        parts.add(part(section));
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TlsLayout.lay(bytes, parts, "__thread_data sections", "align"));
  }

  /** Checks one TLS section; the contents of a non-zero-fill section were range-checked by {@link #readSegment}. */
  private TlsLayout.Part part(MachOSection section) {
    if (section.align() > 20) {
      throw bytes.malformed(section.structure(), "align", section.headerOffset() + 52,
          "a power-of-two exponent up to 20", String.valueOf(section.align()));
    }
    long alignment = 1L << section.align();
    if (!section.zeroFill()) {
      return new TlsLayout.Part(section.addr(), section.size(), section.offset(), alignment);
    }
    if (Long.compareUnsigned(section.size(), bytes.size()) > 0) {
      throw bytes.malformed(section.structure(), "size", section.headerOffset() + 40,
          "a TLS size no larger than the file", Long.toUnsignedString(section.size()));
    }
    return new TlsLayout.Part(section.addr(), section.size(), -1, alignment);
  }
}

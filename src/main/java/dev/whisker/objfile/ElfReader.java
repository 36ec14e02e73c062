package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Projects a validated {@link ElfFile} onto {@link ObjectFile}. */
final class ElfReader {
  /** Largest TLS section alignment accepted; real toolchains use at most a page. */
  private static final long MAX_TLS_ALIGNMENT = 1L << 20;

  private ElfReader() {}

  static ObjectFile read(FileBytes bytes) {
    ElfFile elf = ElfFile.parse(bytes);
    Architecture architecture = elf.architecture();
    List<Section> sections = new ArrayList<>();
    for (ElfSectionHeader header : elf.sections) {
      if (header.index() != 0) {
        sections.add(header.toSection());
      }
    }
    List<Symbol> symbols = new ElfSymbolReader(elf).readMerged();
    return new ObjectFile(bytes.label(), elf.is64() ? ObjectFormat.ELF64 : ObjectFormat.ELF32, architecture,
        elf.bytes.order(), elf.header.e_type() == ElfHeader.ET_REL, sections, symbols, tls(elf));
  }

  /**
   * Reads {@code PT_TLS} when present, else lays out the {@code SHF_TLS} sections as a linker would: initialised
   * sections first, each at its alignment. The virtual address is the first section's {@code sh_addr}.
   */
  static Optional<TlsImage> tls(ElfFile elf) {
    for (ElfProgramHeader program : elf.programs) {
      if (program.p_type() == ElfProgramHeader.PT_TLS) {
        return Optional.of(fromSegment(elf, program));
      }
    }
    return fromSections(elf);
  }

  private static TlsImage fromSegment(ElfFile elf, ElfProgramHeader tls) {
    String structure = "PT_TLS program header";
    if (Long.compareUnsigned(tls.p_filesz(), tls.p_memsz()) > 0) {
      throw elf.bytes.malformed(structure, "p_filesz", tls.headerOffset() + (elf.is64() ? 32 : 16),
          "at most p_memsz " + Long.toUnsignedString(tls.p_memsz()), Long.toUnsignedString(tls.p_filesz()));
    }
    byte[] init = elf.bytes.bytes(tls.p_offset(), tls.p_filesz(), structure, "p_offset/p_filesz");
    return new TlsImage(tls.p_vaddr(), tls.p_memsz(), tls.p_align(), tls.p_filesz(), init);
  }

  private static Optional<TlsImage> fromSections(ElfFile elf) {
    List<ElfSectionHeader> parts = new ArrayList<>();
    for (ElfSectionHeader section : elf.sections) {
      if (section.hasFlag(ElfSectionHeader.SHF_TLS) && section.hasFlag(ElfSectionHeader.SHF_ALLOC)) {
        parts.add(section);
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    // Linkers place initialised TLS (.tdata) before zero-filled TLS (.tbss), whatever the input order.
    parts.sort(java.util.Comparator.comparing(part -> part.fileSize() == 0));
    long position = 0;
    long fileSize = 0;
    long alignment = 1;
    for (ElfSectionHeader part : parts) {
      long align = checkedAlignment(elf, part);
      alignment = Math.max(alignment, align);
      position = alignUp(position, align);
      elf.bytes.requireRange(part.sh_offset(), part.fileSize(), part.structure(), "sh_offset/sh_size");
      if (Long.compareUnsigned(part.sh_size(), elf.bytes.size()) > 0 && part.fileSize() == 0) {
        throw elf.bytes.malformed(part.structure(), "sh_size", part.headerOffset(),
            "a TLS size no larger than the file", Long.toUnsignedString(part.sh_size()));
      }
      position += part.sh_size();
      if (part.fileSize() != 0) {
        fileSize = position;
      }
    }
    if (fileSize > elf.bytes.size()) {
      throw elf.bytes.malformed("SHF_TLS sections", "sh_addralign", -1,
          "initial TLS data no larger than the file", fileSize + " bytes after alignment");
    }
    byte[] init = new byte[(int) fileSize];
    long at = 0;
    for (ElfSectionHeader part : parts) {
      at = alignUp(at, Math.max(1, part.sh_addralign()));
      if (part.fileSize() != 0) {
        elf.bytes.buffer().get((int) part.sh_offset(), init, (int) at, (int) part.sh_size());
      }
      at += part.sh_size();
    }
    return Optional.of(new TlsImage(parts.get(0).sh_addr(), position, alignment, fileSize, init));
  }

  private static long checkedAlignment(ElfFile elf, ElfSectionHeader section) {
    long align = Math.max(1, section.sh_addralign());
    if (Long.compareUnsigned(align, MAX_TLS_ALIGNMENT) > 0 || Long.bitCount(align) != 1) {
      throw elf.bytes.malformed(section.structure(), "sh_addralign", section.headerOffset() + (elf.is64() ? 48 : 32),
          "a power of two up to " + MAX_TLS_ALIGNMENT, Long.toUnsignedString(section.sh_addralign()));
    }
    return align;
  }

  private static long alignUp(long value, long align) {
    return (value + align - 1) & -align;
  }
}

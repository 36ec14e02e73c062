package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Projects a validated {@link ElfFile} onto {@link ObjectFile}. */
final class ElfReader {
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
   * Reads {@code PT_TLS} when present, else lays out the {@code SHF_TLS} sections as a linker would (see
   * {@link TlsLayout}). The virtual address is then the first initialised section's {@code sh_addr}.
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
    List<TlsLayout.Part> parts = new ArrayList<>();
    for (ElfSectionHeader section : elf.sections) {
      if (section.hasFlag(ElfSectionHeader.SHF_TLS) && section.hasFlag(ElfSectionHeader.SHF_ALLOC)) {
        parts.add(part(elf, section));
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TlsLayout.lay(elf.bytes, parts, "SHF_TLS sections", "sh_addralign"));
  }

  private static TlsLayout.Part part(ElfFile elf, ElfSectionHeader section) {
    long alignment = checkedAlignment(elf, section);
    if (section.fileSize() == 0) {
      if (Long.compareUnsigned(section.sh_size(), elf.bytes.size()) > 0) {
        throw elf.bytes.malformed(section.structure(), "sh_size", section.headerOffset() + (elf.is64() ? 32 : 20),
            "a TLS size no larger than the file", Long.toUnsignedString(section.sh_size()));
      }
      return new TlsLayout.Part(section.sh_addr(), section.sh_size(), -1, alignment);
    }
    elf.bytes.requireRange(section.sh_offset(), section.sh_size(), section.structure(), "sh_offset/sh_size");
    return new TlsLayout.Part(section.sh_addr(), section.sh_size(), section.sh_offset(), alignment);
  }

  private static long checkedAlignment(ElfFile elf, ElfSectionHeader section) {
    long align = Math.max(1, section.sh_addralign());
    if (Long.compareUnsigned(align, TlsLayout.MAX_ALIGNMENT) > 0 || Long.bitCount(align) != 1) {
      throw elf.bytes.malformed(section.structure(), "sh_addralign", section.headerOffset() + (elf.is64() ? 48 : 32),
          "a power of two up to " + TlsLayout.MAX_ALIGNMENT, Long.toUnsignedString(section.sh_addralign()));
    }
    return align;
  }
}

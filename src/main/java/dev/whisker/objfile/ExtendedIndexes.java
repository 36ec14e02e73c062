package dev.whisker.objfile;

/**
 * The {@code SHT_SYMTAB_SHNDX} section that holds a symbol's section index when its {@code st_shndx} is
 * {@code SHN_XINDEX}, needed by objects with 65,280 sections or more.
 */
final class ExtendedIndexes {
  private final ElfFile elf;
  private final ElfSectionHeader section;

  private ExtendedIndexes(ElfFile elf, ElfSectionHeader section) {
    this.elf = elf;
    this.section = section;
  }

  static ExtendedIndexes find(ElfFile elf, ElfSectionHeader symbolTable) {
    for (ElfSectionHeader candidate : elf.sections) {
      if (candidate.sh_type() == ElfSectionHeader.SHT_SYMTAB_SHNDX && candidate.sh_link() == symbolTable.index()) {
        return new ExtendedIndexes(elf, candidate);
      }
    }
    return new ExtendedIndexes(elf, null);
  }

  /** Returns the section index of symbol {@code symbolIndex}, raising when the table is missing or too short. */
  int index(int symbolIndex, String structure) {
    if (section == null) {
      throw elf.bytes.malformed(structure, "st_shndx", -1,
          "an SHT_SYMTAB_SHNDX section for an SHN_XINDEX symbol", "no such section");
    }
    long at = section.sh_offset() + 4L * symbolIndex;
    if (4L * symbolIndex + 4 > section.sh_size()) {
      throw elf.bytes.malformed(section.structure(), "sh_size", section.headerOffset(),
          "at least " + (4L * symbolIndex + 4) + " bytes", Long.toUnsignedString(section.sh_size()));
    }
    long value = elf.bytes.u32(at, section.structure(), "entry");
    return (int) Math.min(value, Integer.MAX_VALUE);
  }
}

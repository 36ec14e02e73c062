package dev.whisker.objfile;

/** One {@code Elf32_Shdr}/{@code Elf64_Shdr}, widened to 64 bits, plus its index and resolved name. */
record ElfSectionHeader(
    int index,
    String name,
    long headerOffset,
    long sh_name,
    long sh_type,
    long sh_flags,
    long sh_addr,
    long sh_offset,
    long sh_size,
    long sh_link,
    long sh_info,
    long sh_addralign,
    long sh_entsize) {

  static final long SHT_PROGBITS = 1;
  static final long SHT_SYMTAB = 2;
  static final long SHT_STRTAB = 3;
  static final long SHT_RELA = 4;
  static final long SHT_NOBITS = 8;
  static final long SHT_DYNSYM = 11;
  static final long SHT_SYMTAB_SHNDX = 18;
  static final long SHF_WRITE = 0x1;
  static final long SHF_ALLOC = 0x2;
  static final long SHF_EXECINSTR = 0x4;
  static final long SHF_TLS = 0x400;

  String structure() {
    return "section header [" + index + "] " + name;
  }

  boolean hasFlag(long flag) {
    return (sh_flags & flag) != 0;
  }

  /** Bytes the section occupies in the file: none for {@code SHT_NOBITS}. */
  long fileSize() {
    return sh_type == SHT_NOBITS ? 0 : sh_size;
  }

  Section toSection() {
    return new Section(name, sh_addr, sh_size, sh_offset, fileSize(),
        hasFlag(SHF_EXECINSTR), hasFlag(SHF_WRITE), hasFlag(SHF_TLS));
  }
}

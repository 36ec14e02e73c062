package dev.whisker.objfile;

/** The fields of {@code Elf32_Ehdr}/{@code Elf64_Ehdr} the readers use, with section counts already resolved. */
record ElfHeader(
    boolean is64,
    int e_type,
    int e_machine,
    long e_phoff,
    int e_phentsize,
    int e_phnum,
    long e_shoff,
    int e_shentsize,
    int e_shnum,
    int e_shstrndx) {

  static final int ET_REL = 1;
  static final int EM_386 = 3;
  static final int EM_ARM = 40;
  static final int EM_X86_64 = 62;
  static final int EM_AARCH64 = 183;
  static final int EM_RISCV = 243;
}

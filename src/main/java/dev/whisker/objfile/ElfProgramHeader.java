package dev.whisker.objfile;

/** One {@code Elf32_Phdr}/{@code Elf64_Phdr}, widened to 64 bits. */
record ElfProgramHeader(
    long headerOffset, long p_type, long p_offset, long p_vaddr, long p_filesz, long p_memsz, long p_align) {

  static final long PT_TLS = 7;
}

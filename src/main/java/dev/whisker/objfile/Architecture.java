package dev.whisker.objfile;

/** Machine an object file is built for, from ELF {@code e_machine} or Mach-O {@code cputype}. */
public enum Architecture {
  /** ELF {@code EM_X86_64} (62), Mach-O {@code CPU_TYPE_X86_64}. */
  X86_64,
  /** ELF {@code EM_AARCH64} (183), Mach-O {@code CPU_TYPE_ARM64}. */
  AARCH64,
  /** ELF {@code EM_386} (3). */
  X86,
  /** ELF {@code EM_ARM} (40). */
  ARM,
  /** ELF {@code EM_RISCV} (243). */
  RISCV
}

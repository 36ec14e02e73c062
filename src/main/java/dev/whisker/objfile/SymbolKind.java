package dev.whisker.objfile;

/** What a symbol names, unified over ELF symbol types and Mach-O section kinds. */
public enum SymbolKind {
  /** Code: ELF {@code STT_FUNC} or {@code STT_GNU_IFUNC}, or a Mach-O symbol in a section holding instructions. */
  FUNCTION,
  /** Data: ELF {@code STT_OBJECT} or {@code STT_COMMON}, or a Mach-O symbol in a data section. */
  OBJECT,
  /** Thread-local storage: ELF {@code STT_TLS}, or a Mach-O symbol in a {@code __thread_*} section. */
  TLS,
  /** ELF {@code STT_SECTION}. */
  SECTION,
  /** ELF {@code STT_FILE}. */
  FILE,
  /** Anything else, including ELF {@code STT_NOTYPE}, undefined Mach-O symbols and absolute Mach-O symbols. */
  UNKNOWN
}

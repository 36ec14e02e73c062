package dev.whisker.objfile;

/**
 * One symbol a stub object defines.
 *
 * @param name symbol-table name, written verbatim (Mach-O names need their leading underscore)
 * @param kind what the symbol is
 * @param value trampoline target, absolute address, or offset in the TLS data
 * @param size symbol size; the slot size for trampolines
 * @param binding GLOBAL, WEAK or LOCAL
 * @param visibility ELF visibility; on Mach-O anything but DEFAULT becomes private-external
 */
record StubDefinition(
    String name, Kind kind, long value, long size, SymbolBinding binding, SymbolVisibility visibility) {

  enum Kind { TRAMPOLINE, ABSOLUTE, THREAD_LOCAL }
}

package dev.whisker.objfile;

/**
 * One symbol-table entry, the same projection for ELF and Mach-O.
 *
 * @param name the name as stored in the table, after removing an LLVM {@code .llvm.<digits>} suffix; Mach-O names
 *     keep their leading underscore (see {@link ObjectFormat#cName(String)})
 * @param address {@code st_value} or {@code n_value}, unsigned: for ELF relocatables an offset in the section, for TLS
 *     symbols an offset in the TLS template
 * @param size {@code st_size}; for Mach-O, which stores no sizes, the distance to the next symbol in the same section
 *     or to the section end (0 for undefined and absolute symbols)
 * @param kind what the symbol names
 * @param binding its linkage
 * @param visibility its visibility
 * @param defined false for undefined references ({@code SHN_UNDEF}, {@code N_UNDF})
 * @param section name of the defining section; {@code ""} when undefined, {@code "*ABS*"} for absolute symbols and
 *     {@code "*COM*"} for ELF common symbols, {@code "*UNKNOWN*"} for a linked ELF file's symbol whose section index
 *     lies beyond the section table
 */
public record Symbol(
    String name,
    long address,
    long size,
    SymbolKind kind,
    SymbolBinding binding,
    SymbolVisibility visibility,
    boolean defined,
    String section) {

  /** Section name reported for absolute symbols. */
  public static final String ABSOLUTE_SECTION = "*ABS*";
  /** Section name reported for ELF common symbols. */
  public static final String COMMON_SECTION = "*COM*";
  /** Section name reported when a linked ELF file's {@code st_shndx} names no section. */
  public static final String UNKNOWN_SECTION = "*UNKNOWN*";

}

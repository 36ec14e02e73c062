package dev.whisker.objfile;

/** Linkage of a symbol: ELF {@code STB_*}, or the Mach-O {@code N_EXT} and weak flags mapped onto the same terms. */
public enum SymbolBinding {
  /** Visible only inside its object: ELF {@code STB_LOCAL}, or a Mach-O symbol without {@code N_EXT}. */
  LOCAL,
  /** ELF {@code STB_GLOBAL}, or a Mach-O {@code N_EXT} symbol without a weak flag. */
  GLOBAL,
  /** ELF {@code STB_WEAK}, or a Mach-O {@code N_EXT} symbol with {@code N_WEAK_DEF} or {@code N_WEAK_REF}. */
  WEAK,
  /** ELF {@code STB_GNU_UNIQUE}. */
  UNIQUE
}

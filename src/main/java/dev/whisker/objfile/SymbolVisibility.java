package dev.whisker.objfile;

/** ELF {@code STV_*} visibility; a Mach-O private-external ({@code N_PEXT}) symbol maps to {@link #HIDDEN}. */
public enum SymbolVisibility {
  DEFAULT,
  INTERNAL,
  HIDDEN,
  PROTECTED
}

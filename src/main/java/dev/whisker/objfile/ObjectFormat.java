package dev.whisker.objfile;

/** Container format of a parsed object file. */
public enum ObjectFormat {
  ELF32,
  ELF64,
  /** 64-bit Mach-O; a universal ("fat") file is reported as the format of the selected slice. */
  MACHO64;

  /** Returns whether this is one of the ELF classes. */
  public boolean isElf() {
    return this != MACHO64;
  }

  /**
   * Converts a symbol-table name to the name a C compiler writes: Mach-O prefixes every C name with an underscore,
   * ELF does not. A Mach-O name without the underscore is returned unchanged.
   */
  public String cName(String tableName) {
    if (this == MACHO64 && tableName.startsWith("_")) {
      return tableName.substring(1);
    }
    return tableName;
  }

  /** Converts a C name to the name stored in this format's symbol table; the inverse of {@link #cName(String)}. */
  public String tableName(String cName) {
    return this == MACHO64 ? "_" + cName : cName;
  }
}

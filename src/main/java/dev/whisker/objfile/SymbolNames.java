package dev.whisker.objfile;

/** Name normalisation shared by the readers. */
final class SymbolNames {
  private static final String LLVM_SUFFIX = ".llvm.";

  private SymbolNames() {}

  /**
   * Removes LLVM's {@code .llvm.<digits>} suffix, which ThinLTO appends when it internalises or promotes a symbol, so
   * the same function matches across builds that promoted it differently.
   */
  static String stripLlvmSuffix(String name) {
    int at = name.lastIndexOf(LLVM_SUFFIX);
    if (at <= 0) {
      return name;
    }
    int digits = at + LLVM_SUFFIX.length();
    if (digits == name.length()) {
      return name;
    }
    for (int i = digits; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return name;
      }
    }
    return name.substring(0, at);
  }
}

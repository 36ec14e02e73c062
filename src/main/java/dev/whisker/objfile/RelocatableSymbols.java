package dev.whisker.objfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The symbols a set of relocatable objects (the objects of one patch) needs and provides, for building the stub and
 * the jump table.
 *
 * @param undefined names some object references and no object defines with non-local binding: what the stub or the
 *     system libraries must supply
 * @param definedFunctions names of functions defined by any object, LOCAL ones included: the jump table's sources
 * @param definedData names of non-function symbols defined with non-local binding by any object
 */
public record RelocatableSymbols(Set<String> undefined, Set<String> definedFunctions, Set<String> definedData) {

  public RelocatableSymbols {
    undefined = Collections.unmodifiableSet(new TreeSet<>(undefined));
    definedFunctions = Collections.unmodifiableSet(new TreeSet<>(definedFunctions));
    definedData = Collections.unmodifiableSet(new TreeSet<>(definedData));
  }

  /**
   * Reads the symbol tables of {@code objects} (memory-mapped, ELF or Mach-O) and combines them.
   *
   * @throws MalformedObjectFileException when an object is malformed
   */
  public static RelocatableSymbols of(List<Path> objects) throws IOException {
    Set<String> referenced = new HashSet<>();
    Set<String> defined = new HashSet<>();
    Set<String> functions = new HashSet<>();
    Set<String> data = new HashSet<>();
    for (Path object : objects) {
      for (Symbol symbol : ObjectFiles.read(object).symbols()) {
        collect(symbol, referenced, defined, functions, data);
      }
    }
    referenced.removeAll(defined);
    return new RelocatableSymbols(referenced, functions, data);
  }

  private static void collect(Symbol symbol, Set<String> referenced, Set<String> defined, Set<String> functions,
      Set<String> data) {
    if (symbol.name().isEmpty() || symbol.kind() == SymbolKind.SECTION || symbol.kind() == SymbolKind.FILE) {
      return;
    }
    if (!symbol.defined()) {
      referenced.add(symbol.name());
      return;
    }
    if (symbol.kind() == SymbolKind.FUNCTION) {
      functions.add(symbol.name());
    }
    if (symbol.binding() != SymbolBinding.LOCAL) {
      defined.add(symbol.name());
      if (symbol.kind() != SymbolKind.FUNCTION) {
        data.add(symbol.name());
      }
    }
  }
}

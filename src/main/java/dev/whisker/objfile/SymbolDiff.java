package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Comparison of the functions two symbol tables define, for jump tables and change reports.
 *
 * @param moved every old copy of a function that both tables define, mapped to the new address
 * @param added functions defined only in the new table, sorted
 * @param removed functions defined only in the old table, sorted
 * @param weak functions defined in both tables whose old or new copy is WEAK, sorted; a weak definition may be
 *     replaced by another module at load time, so a mapping for it may not be the code that runs
 * @param ambiguous functions with several new copies, sorted; their old copies are paired with new copies in table
 *     order, which is only right when both builds emitted the copies in the same order
 */
public record SymbolDiff(
    List<Move> moved, List<String> added, List<String> removed, List<String> weak, List<String> ambiguous) {

  /**
   * One old function copy and its new address.
   *
   * @param name the shared name
   * @param oldAddress the copy's address in the old table
   * @param newAddress the matching copy's address in the new table
   */
  public record Move(String name, long oldAddress, long newAddress) {}

  public SymbolDiff {
    moved = List.copyOf(moved);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    weak = List.copyOf(weak);
    ambiguous = List.copyOf(ambiguous);
  }

  /** Compares the defined {@link SymbolKind#FUNCTION} symbols of {@code before} and {@code after}. */
  public static SymbolDiff compute(List<Symbol> before, List<Symbol> after) {
    Map<String, List<Symbol>> old = definedFunctions(before);
    Map<String, List<Symbol>> current = definedFunctions(after);
    List<Move> moved = new ArrayList<>();
    TreeSet<String> added = new TreeSet<>();
    TreeSet<String> removed = new TreeSet<>();
    TreeSet<String> weak = new TreeSet<>();
    TreeSet<String> ambiguous = new TreeSet<>();
    for (Map.Entry<String, List<Symbol>> entry : old.entrySet()) {
      List<Symbol> replacements = current.get(entry.getKey());
      if (replacements == null) {
        removed.add(entry.getKey());
        continue;
      }
      if (replacements.size() > 1) {
        ambiguous.add(entry.getKey());
      }
      List<Symbol> originals = entry.getValue();
      for (int i = 0; i < originals.size(); i++) {
        Symbol target = replacements.get(Math.min(i, replacements.size() - 1));
        moved.add(new Move(entry.getKey(), originals.get(i).address(), target.address()));
      }
      if (anyWeak(originals) || anyWeak(replacements)) {
        weak.add(entry.getKey());
      }
    }
    for (String name : current.keySet()) {
      if (!old.containsKey(name)) {
        added.add(name);
      }
    }
    return new SymbolDiff(moved, new ArrayList<>(added), new ArrayList<>(removed), new ArrayList<>(weak),
        new ArrayList<>(ambiguous));
  }

  /** Compares two caches' tables. */
  public static SymbolDiff compute(SymbolCache before, SymbolCache after) {
    return compute(before.symbols(), after.symbols());
  }

  private static Map<String, List<Symbol>> definedFunctions(List<Symbol> symbols) {
    Map<String, List<Symbol>> out = new LinkedHashMap<>();
    for (Symbol symbol : symbols) {
      if (symbol.defined() && symbol.kind() == SymbolKind.FUNCTION) {
        out.computeIfAbsent(symbol.name(), name -> new ArrayList<>(1)).add(symbol);
      }
    }
    return out;
  }

  private static boolean anyWeak(List<Symbol> symbols) {
    for (Symbol symbol : symbols) {
      if (symbol.binding() == SymbolBinding.WEAK) {
        return true;
      }
    }
    return false;
  }
}

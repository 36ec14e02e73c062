package dev.whisker.objfile;

import java.util.List;

/** Name-indexed symbols behind {@link SymbolCache}: either built from {@link Symbol} objects or kept compact. */
interface SymbolTable {
  /** Returns every symbol named {@code name}, in table order; empty when absent. */
  List<Symbol> lookup(String name);

  /** Returns every symbol in table order. */
  List<Symbol> all();

  /** Returns the number of symbols, counting every copy of a repeated name. */
  int size();

  int nameCount();

  int duplicateCount();

  /** Returns the names that occur more than once. */
  List<String> repeatedNames();
}

package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Open-addressing map from symbol name to every symbol with that name, built for a few hundred thousand names.
 * Compared with a {@code HashMap}, it allocates no entry objects and keeps keys in one array, which made indexing
 * librustc_driver's 165,000 names cheaper. Not thread-safe while being built; read-only afterwards.
 */
final class NameIndex {
  private final String[] keys;
  /** A {@link Symbol}, or a {@code Symbol[]} when the name repeats. */
  private final Object[] values;
  private final int mask;
  private int size;
  private int duplicates;

  NameIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new String[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }

  void add(Symbol symbol) {
    String name = symbol.name();
    int slot = hash(name) & mask;
    while (keys[slot] != null) {
      if (keys[slot].equals(name)) {
        append(slot, symbol);
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = name;
    values[slot] = symbol;
    size++;
  }

  /** Returns every symbol named {@code name} in insertion order; empty when absent. */
  List<Symbol> get(String name) {
    int slot = hash(name) & mask;
    while (keys[slot] != null) {
      if (keys[slot].equals(name)) {
        Object value = values[slot];
        return value instanceof Symbol single ? List.of(single) : List.of((Symbol[]) value);
      }
      slot = (slot + 1) & mask;
    }
    return List.of();
  }

  int size() {
    return size;
  }

  int duplicates() {
    return duplicates;
  }

  /** Returns the names that occur more than once. */
  List<String> repeatedNames() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      if (values[i] instanceof Symbol[]) {
        out.add(keys[i]);
      }
    }
    return out;
  }

  private void append(int slot, Symbol symbol) {
    duplicates++;
    Object previous = values[slot];
    if (previous instanceof Symbol single) {
      values[slot] = new Symbol[] {single, symbol};
    } else {
      Symbol[] old = (Symbol[]) previous;
      Symbol[] copies = Arrays.copyOf(old, old.length + 1);
      copies[old.length] = symbol;
      values[slot] = copies;
    }
  }

  /** Spreads {@link String#hashCode}, which each name caches, so nearby hashes do not form probe runs. */
  private static int hash(String name) {
    int h = name.hashCode() * 0x9e3779b9;
    return h ^ (h >>> 16);
  }
}

package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolDiffTest {

  private static Symbol function(String name, long address, SymbolBinding binding) {
    return new Symbol(name, address, 16, SymbolKind.FUNCTION, binding, SymbolVisibility.DEFAULT, true, ".text");
  }

  private static Symbol object(String name, long address) {
    return new Symbol(name, address, 8, SymbolKind.OBJECT, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT, true,
        ".data");
  }

  private static Symbol undefined(String name) {
    return new Symbol(name, 0, 0, SymbolKind.FUNCTION, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT, false, "");
  }

  @Test
  void sharedFunctionMapsOldToNew() {
    SymbolDiff diff = SymbolDiff.compute(List.of(function("f", 0x100, SymbolBinding.GLOBAL)),
        List.of(function("f", 0x900, SymbolBinding.GLOBAL)));
    assertEquals(List.of(new SymbolDiff.Move("f", 0x100, 0x900)), diff.moved());
    assertEquals(List.of(), diff.added());
    assertEquals(List.of(), diff.removed());
  }

  @Test
  void everyOldCopyIsMapped() {
    SymbolDiff diff = SymbolDiff.compute(
        List.of(function("dup", 0x100, SymbolBinding.LOCAL), function("dup", 0x200, SymbolBinding.LOCAL)),
        List.of(function("dup", 0x900, SymbolBinding.LOCAL)));
    assertEquals(List.of(new SymbolDiff.Move("dup", 0x100, 0x900), new SymbolDiff.Move("dup", 0x200, 0x900)),
        diff.moved());
    assertEquals(List.of(), diff.ambiguous());
  }

  @Test
  void severalNewCopiesPairInOrderAndAreAmbiguous() {
    SymbolDiff diff = SymbolDiff.compute(
        List.of(function("dup", 0x100, SymbolBinding.LOCAL), function("dup", 0x200, SymbolBinding.LOCAL)),
        List.of(function("dup", 0x900, SymbolBinding.LOCAL), function("dup", 0xa00, SymbolBinding.LOCAL)));
    assertEquals(List.of(new SymbolDiff.Move("dup", 0x100, 0x900), new SymbolDiff.Move("dup", 0x200, 0xa00)),
        diff.moved());
    assertEquals(List.of("dup"), diff.ambiguous());
  }

  @Test
  void addedAndRemovedAreSorted() {
    SymbolDiff diff = SymbolDiff.compute(
        List.of(function("gone_b", 1, SymbolBinding.GLOBAL), function("gone_a", 2, SymbolBinding.GLOBAL)),
        List.of(function("new_z", 3, SymbolBinding.GLOBAL), function("new_y", 4, SymbolBinding.GLOBAL)));
    assertEquals(List.of("new_y", "new_z"), diff.added());
    assertEquals(List.of("gone_a", "gone_b"), diff.removed());
    assertEquals(List.of(), diff.moved());
  }

  @Test
  void weakOnEitherSideIsReported() {
    SymbolDiff diff = SymbolDiff.compute(
        List.of(function("w1", 1, SymbolBinding.WEAK), function("w2", 2, SymbolBinding.GLOBAL),
            function("g", 3, SymbolBinding.GLOBAL)),
        List.of(function("w1", 5, SymbolBinding.GLOBAL), function("w2", 6, SymbolBinding.WEAK),
            function("g", 7, SymbolBinding.GLOBAL)));
    assertEquals(List.of("w1", "w2"), diff.weak());
  }

  @Test
  void dataAndUndefinedSymbolsAreIgnored() {
    SymbolDiff diff = SymbolDiff.compute(List.of(object("data", 1), undefined("f")),
        List.of(object("data", 2), function("f", 9, SymbolBinding.GLOBAL)));
    assertEquals(List.of(), diff.moved());
    assertEquals(List.of("f"), diff.added());
    assertEquals(List.of(), diff.removed());
  }

  @Test
  void releaseAgainstDebugRustBin() throws IOException {
    SymbolCache debug = SymbolCache.load(Fixtures.rustBin("dev", false));
    SymbolCache release = SymbolCache.load(Fixtures.rustBin("release", false));
    SymbolDiff diff = SymbolDiff.compute(debug, release);
    SymbolDiff.Move main = diff.moved().stream().filter(move -> move.name().equals("main")).findFirst()
        .orElseThrow();
    assertEquals(debug.lookup("main").get(0).address(), main.oldAddress());
    assertEquals(release.lookup("main").get(0).address(), main.newAddress());
  }
}

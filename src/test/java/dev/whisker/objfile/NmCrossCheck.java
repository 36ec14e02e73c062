package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares a parsed symbol table with {@code nm -P} output for the same file: names, addresses of defined symbols,
 * defined or undefined, and (for ELF) weak binding.
 */
final class NmCrossCheck {
  private NmCrossCheck() {}

  /** Parsed {@code nm -P} line. */
  record NmEntry(String name, char type) {}

  /** Asserts that the ELF file's merged table equals GNU nm's {@code .symtab} listing plus its new dynamic names. */
  static void assertMatchesGnuNm(Path file, ObjectFile parsed) {
    List<String> symtab = nm(file, "nm", "-P");
    List<String> expected = new ArrayList<>(symtab);
    Set<String> names = namesOf(symtab);
    for (String entry : nm(file, "nm", "-P", "-D", "--without-symbol-versions")) {
      if (!names.contains(entry.substring(0, entry.indexOf('|')))) {
        expected.add(entry);
      }
    }
    assertSameEntries(file, expected, keys(parsed, true));
  }

  /** Asserts that the Mach-O file's table equals {@code llvm-nm-14 -P} (weak flags are not printed by it). */
  static void assertMatchesLlvmNm(Path file, ObjectFile parsed, String... extraArguments) {
    List<String> command = new ArrayList<>(List.of("llvm-nm-14", "-P"));
    command.addAll(List.of(extraArguments));
    List<String> expected = new ArrayList<>();
    for (String entry : nm(file, command.toArray(String[]::new))) {
      expected.add(entry.substring(0, entry.lastIndexOf('|')));
    }
    assertSameEntries(file, expected, keys(parsed, false));
  }

  private static void assertSameEntries(Path file, List<String> expected, List<String> actual) {
    List<String> sortedExpected = new ArrayList<>(expected);
    List<String> sortedActual = new ArrayList<>(actual);
    Collections.sort(sortedExpected);
    Collections.sort(sortedActual);
    assertEquals(sortedExpected.size(), sortedActual.size(), "symbol count of " + file);
    assertEquals(sortedExpected, sortedActual, "symbols of " + file);
  }

  private static Set<String> namesOf(List<String> entries) {
    Set<String> names = new HashSet<>();
    for (String entry : entries) {
      names.add(entry.substring(0, entry.indexOf('|')));
    }
    return names;
  }

  /** Runs nm and returns one key {@code name|address-or-U|weak} per listed symbol. */
  static List<String> nm(Path file, String... command) {
    List<String> full = new ArrayList<>(List.of(command));
    full.add(file.toString());
    Tools.Result result = Tools.runAllowingFailure(file.getParent(), full.toArray(String[]::new));
    assertEquals(0, result.exitCode(), () -> String.join(" ", full) + " failed: " + result.stderr());
    List<String> keys = new ArrayList<>();
    for (String line : Tools.lines(result.stdout())) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 2 || fields[0].isEmpty()) {
        continue;
      }
      char type = fields[1].charAt(0);
      boolean undefined = type == 'U' || type == 'w' || type == 'v';
      long address = undefined || fields.length < 3 ? 0 : Long.parseUnsignedLong(fields[2], 16);
      boolean weak = type == 'W' || type == 'w' || type == 'V' || type == 'v';
      String name = SymbolNames.stripLlvmSuffix(fields[0]);
      keys.add(name + "|" + (undefined ? "U" : Long.toHexString(address)) + "|" + (weak ? "weak" : ""));
    }
    return keys;
  }

  private static List<String> keys(ObjectFile parsed, boolean withWeak) {
    List<String> keys = new ArrayList<>();
    for (Symbol symbol : parsed.symbols()) {
      if (symbol.kind() == SymbolKind.SECTION || symbol.kind() == SymbolKind.FILE || symbol.name().isEmpty()) {
        continue;
      }
      String address = symbol.defined() ? Long.toHexString(symbol.address()) : "U";
      String key = symbol.name() + "|" + address;
      if (withWeak) {
        key += "|" + (symbol.binding() == SymbolBinding.WEAK ? "weak" : "");
      }
      keys.add(key);
    }
    return keys;
  }
}

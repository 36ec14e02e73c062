package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolCacheTest {
  private static final Pattern FS_DISPLACEMENT = Pattern.compile("%fs:0x([0-9a-f]+)");

  @Test
  void anchorResolvedInRustBin() throws IOException {
    Path binary = Fixtures.rustBin("dev", false);
    SymbolCache cache = SymbolCache.load(binary);
    Anchor anchor = cache.anchor();
    assertTrue(anchor.found(), () -> anchor.warning().orElse(""));
    assertEquals(nmAddress(binary, "whisker_aslr_anchor"), anchor.staticAddress());
    assertEquals(ObjectFormat.ELF64, cache.format());
    assertEquals(Architecture.X86_64, cache.architecture());
  }

  @Test
  void mainUsableAsAnchor() throws IOException {
    Path binary = Fixtures.rustBin("release", false);
    Anchor anchor = SymbolCache.load(binary).anchor("main");
    assertTrue(anchor.found());
    assertEquals(nmAddress(binary, "main"), anchor.staticAddress());
  }

  @Test
  void missingAnchorGivesZeroAndWarning() throws IOException {
    Anchor anchor = SymbolCache.load(Fixtures.rustBin("dev", true)).anchor();
    assertEquals(0, anchor.staticAddress());
    assertFalse(anchor.found());
    assertTrue(anchor.warning().orElseThrow().contains("whisker_aslr_anchor"));
  }

  @Test
  void machOAnchorKeepsUnderscore() throws IOException {
    Path object = MachOReaderTest.object("arm64");
    SymbolCache cache = SymbolCache.load(object);
    Anchor anchor = cache.anchor();
    assertEquals("_whisker_aslr_anchor", anchor.symbolName());
    assertTrue(anchor.found());
    assertEquals(cache.lookup("_whisker_aslr_anchor").get(0).address(), anchor.staticAddress());
    assertEquals(cache.lookup("_public_function"), cache.lookupCName("public_function"));
  }

  @Test
  void duplicateLocalsAllReturned() throws IOException {
    SymbolCache cache = SymbolCache.load(Fixtures.cSharedLibrary());
    List<Symbol> copies = cache.lookup("duplicate");
    assertEquals(2, copies.size());
    assertTrue(copies.stream().allMatch(s -> s.binding() == SymbolBinding.LOCAL));
    assertTrue(copies.get(0).address() != copies.get(1).address());
    assertEquals(copies, cache.duplicateNames().get("duplicate"));
    assertTrue(cache.duplicateCount() >= 1);
  }

  @Test
  void unknownNameGivesEmptyList() throws IOException {
    assertEquals(List.of(), SymbolCache.load(Fixtures.cSharedLibrary()).lookup("no_such_symbol"));
  }

  @Test
  void tpoffMatchesLinkerOutput() throws IOException {
    Path executable = Fixtures.cExecutable();
    SymbolCache cache = SymbolCache.load(executable);
    String disassembly = Tools.run(executable.getParent(), "objdump", "-d", "--no-show-raw-insn",
        "--disassemble=read_tls", executable.toString());
    Matcher matcher = FS_DISPLACEMENT.matcher(disassembly);
    List<Long> displacements = new java.util.ArrayList<>();
    while (matcher.find()) {
      displacements.add(Long.parseUnsignedLong(matcher.group(1), 16));
    }
    long value = cache.lookup("tls_value").get(0).address();
    long zero = cache.lookup("tls_zero").get(0).address();
    assertEquals(List.of(cache.tpoff(value), cache.tpoff(zero)), displacements);
  }

  @Test
  void tpoffWithoutTlsIsRejected(@TempDir Path dir) throws IOException {
    Path stub = dir.resolve("no-tls.o");
    StubObjectWriter.create(ObjectFormat.ELF64, Architecture.X86_64)
        .absolute("value", 1, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN).write(stub);
    SymbolCache cache = SymbolCache.load(stub);
    assertTrue(cache.tls().isEmpty());
    assertThrows(IllegalStateException.class, () -> cache.tpoff(0));
  }

  @Test
  void tpoffOnAarch64IsRejected(@TempDir Path dir) throws IOException {
    Path stub = dir.resolve("aarch64-tls.o");
    StubObjectWriter.create(ObjectFormat.ELF64, Architecture.AARCH64).threadLocalData(new byte[8], 8)
        .threadLocal("value", 0, 8, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT).write(stub);
    SymbolCache cache = SymbolCache.load(stub);
    assertTrue(cache.tls().isPresent());
    IllegalStateException error = assertThrows(IllegalStateException.class, () -> cache.tpoff(0));
    assertTrue(error.getMessage().contains("AARCH64"), error.getMessage());
  }

  @Test
  void rustBinTlsSegmentPresent() throws IOException {
    SymbolCache cache = SymbolCache.load(Fixtures.rustBin("dev", false));
    TlsImage tls = cache.tls().orElseThrow();
    assertTrue(tls.memorySize() > 0);
    assertEquals(tls.fileSize(), tls.initialData().length);
  }

  @Test
  void largeToolchainLibraryMatchesNm() throws IOException {
    Path library = RustcDriver.find();
    assumeTrue(library != null, "no librustc_driver-*.so under ~/.rustup or /usr/lib");
    SymbolCache cache = SymbolCache.load(library);
    NmCrossCheck.assertMatchesGnuNm(library, ObjectFiles.read(library));
    assertTrue(cache.nameCount() > 10_000);
  }

  private static long nmAddress(Path binary, String name) {
    for (String line : Tools.lines(Tools.run(binary.getParent(), "nm", "-P", binary.toString()))) {
      String[] fields = line.split("\\s+");
      if (fields[0].equals(name)) {
        return Long.parseUnsignedLong(fields[2], 16);
      }
    }
    throw new AssertionError(name + " not listed by nm for " + binary);
  }

  /** Locates the Rust toolchain's large compiler library. */
  static final class RustcDriver {
    private RustcDriver() {}

    static Path find() throws IOException {
      for (Path root : List.of(Path.of(System.getProperty("user.home"), ".rustup"), Path.of("/usr/lib"))) {
        if (!Files.isDirectory(root)) {
          continue;
        }
        try (Stream<Path> files = Files.find(root, 6,
            (path, attributes) -> path.getFileName().toString().matches("librustc_driver-.*\\.so"))) {
          Path found = files.sorted().findFirst().orElse(null);
          if (found != null) {
            return found;
          }
        }
      }
      return null;
    }
  }
}

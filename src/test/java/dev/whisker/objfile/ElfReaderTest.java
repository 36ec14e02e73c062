package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElfReaderTest {

  @Test
  void cObjectMatchesNm() throws IOException {
    Path file = Fixtures.cObject();
    ObjectFile parsed = ObjectFiles.read(file);
    assertEquals(ObjectFormat.ELF64, parsed.format());
    assertEquals(Architecture.X86_64, parsed.architecture());
    assertTrue(parsed.relocatable());
    NmCrossCheck.assertMatchesGnuNm(file, parsed);
  }

  @Test
  void cObjectSymbolAttributes() throws IOException {
    ObjectFile parsed = ObjectFiles.read(Fixtures.cObject());
    Symbol weak = only(parsed, "weak_function");
    assertEquals(SymbolKind.FUNCTION, weak.kind());
    assertEquals(SymbolBinding.WEAK, weak.binding());
    assertEquals(".text", weak.section());
    Symbol hidden = only(parsed, "hidden_function");
    assertEquals(SymbolVisibility.HIDDEN, hidden.visibility());
    Symbol counter = only(parsed, "global_counter");
    assertEquals(SymbolKind.OBJECT, counter.kind());
    assertEquals(4, counter.size());
    assertEquals(".data", counter.section());
    Symbol local = only(parsed, "local_counter");
    assertEquals(SymbolBinding.LOCAL, local.binding());
    Symbol tls = only(parsed, "tls_value");
    assertEquals(SymbolKind.TLS, tls.kind());
    Symbol external = only(parsed, "external_function");
    assertFalse(external.defined());
    assertEquals("", external.section());
  }

  @Test
  void cObjectTlsFromSections() throws IOException {
    TlsImage tls = ObjectFiles.read(Fixtures.cObject()).tls().orElseThrow();
    assertEquals(4, tls.fileSize());
    assertEquals(16, tls.memorySize());
    assertEquals(9, tls.initialData()[0]);
  }

  @Test
  void cSharedLibraryMatchesNm() throws IOException {
    Path file = Fixtures.cSharedLibrary();
    ObjectFile parsed = ObjectFiles.read(file);
    assertFalse(parsed.relocatable());
    NmCrossCheck.assertMatchesGnuNm(file, parsed);
  }

  @Test
  void strippedLibraryUsesDynsym() throws IOException {
    Path file = Fixtures.cSharedLibraryStripped();
    ObjectFile parsed = ObjectFiles.read(file);
    NmCrossCheck.assertMatchesGnuNm(file, parsed);
    assertTrue(parsed.symbols().stream().anyMatch(s -> s.name().equals("call_external") && s.defined()));
  }

  @Test
  void sharedLibraryTlsFromSegment() throws IOException {
    Path file = Fixtures.cSharedLibrary();
    TlsImage tls = ObjectFiles.read(file).tls().orElseThrow();
    String segment = Tools.lines(Tools.run(file.getParent(), "readelf", "-lW", file.toString())).stream()
        .filter(line -> line.trim().startsWith("TLS")).findFirst().orElseThrow();
    String[] fields = segment.trim().split("\\s+");
    assertEquals(Long.parseLong(fields[2].substring(2), 16), tls.virtualAddress());
    assertEquals(Long.parseLong(fields[4].substring(2), 16), tls.fileSize());
    assertEquals(Long.parseLong(fields[5].substring(2), 16), tls.memorySize());
    assertEquals(Long.parseLong(fields[7].substring(2), 16), tls.alignment());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "release"})
  void rustBinMatchesNm(String profile) throws IOException {
    Path file = Fixtures.rustBin(profile, false);
    ObjectFile parsed = ObjectFiles.read(file);
    NmCrossCheck.assertMatchesGnuNm(file, parsed);
    assertTrue(parsed.symbols().stream().anyMatch(s -> s.name().equals("whisker_aslr_anchor") && s.defined()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "release"})
  void strippedRustBinMatchesNm(String profile) throws IOException {
    Path file = Fixtures.rustBin(profile, true);
    NmCrossCheck.assertMatchesGnuNm(file, ObjectFiles.read(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "release"})
  void rustCdylibMatchesNm(String profile) throws IOException {
    Path file = Fixtures.rustCdylib(profile);
    ObjectFile parsed = ObjectFiles.read(file);
    NmCrossCheck.assertMatchesGnuNm(file, parsed);
    Symbol add = only(parsed, "whisker_add");
    assertEquals(SymbolKind.FUNCTION, add.kind());
    assertEquals(SymbolBinding.GLOBAL, add.binding());
  }

  @ParameterizedTest
  @ValueSource(strings = {"i386-linux-gnu", "armv7-linux-gnueabi", "armebv7-linux-gnueabi", "aarch64-linux-gnu",
      "aarch64_be-linux-gnu", "riscv64-linux-gnu"})
  void crossTargetObjectsMatchNm(String triple) throws IOException {
    Path file = Fixtures.assemble("elf-" + triple, triple, ElfAssembly.SOURCE);
    ObjectFile parsed = ObjectFiles.read(file);
    NmCrossCheck.assertMatchesGnuNm(file, parsed);
    boolean wide = triple.startsWith("aarch64") || triple.startsWith("riscv64");
    assertEquals(wide ? ObjectFormat.ELF64 : ObjectFormat.ELF32, parsed.format());
    boolean big = triple.contains("_be") || triple.startsWith("armeb");
    assertEquals(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, parsed.byteOrder());
    assertEquals(ElfAssembly.architecture(triple), parsed.architecture());
    assertEquals(SymbolBinding.UNIQUE, only(parsed, "unique_object").binding());
    assertEquals("plain_name", only(parsed, "plain_name").name());
    assertEquals(2, parsed.symbols().stream().filter(s -> s.name().equals("plain_name")).count(),
        "plain_name and plain_name.llvm.12345 both read as plain_name");
    TlsImage tls = parsed.tls().orElseThrow();
    assertEquals(4, tls.fileSize());
    assertEquals(12, tls.memorySize());
  }

  static Symbol only(ObjectFile parsed, String name) {
    List<Symbol> matches = parsed.symbols().stream().filter(s -> s.name().equals(name)).toList();
    assertFalse(matches.isEmpty(), name + " not found");
    return matches.get(0);
  }
}

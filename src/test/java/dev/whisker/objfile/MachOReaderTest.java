package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MachOReaderTest {

  static Path object(String machine) {
    return Fixtures.assemble("macho-" + machine, machine + "-apple-macos11", MachOAssembly.source(machine));
  }

  static Path universal() {
    Path out = Fixtures.dir("asm").resolve("universal.o");
    Tools.run(out.getParent(), "llvm-lipo-14", "-create", object("arm64").toString(), object("x86_64").toString(),
        "-output", out.toString());
    return out;
  }

  @ParameterizedTest
  @CsvSource({"arm64,AARCH64", "x86_64,X86_64"})
  void objectMatchesLlvmNm(String machine, Architecture architecture) throws IOException {
    Path file = object(machine);
    ObjectFile parsed = ObjectFiles.read(file);
    assertEquals(ObjectFormat.MACHO64, parsed.format());
    assertEquals(architecture, parsed.architecture());
    assertTrue(parsed.relocatable());
    NmCrossCheck.assertMatchesLlvmNm(file, parsed);
  }

  @ParameterizedTest
  @CsvSource({"arm64", "x86_64"})
  void objectSymbolAttributes(String machine) throws IOException {
    ObjectFile parsed = ObjectFiles.read(object(machine));
    Symbol function = ElfReaderTest.only(parsed, "_public_function");
    assertEquals(SymbolKind.FUNCTION, function.kind());
    assertEquals(SymbolBinding.GLOBAL, function.binding());
    assertEquals("__TEXT,__text", function.section());
    assertEquals(4, function.size(), "distance to the next symbol in __text");
    assertEquals(SymbolBinding.WEAK, ElfReaderTest.only(parsed, "_weak_function").binding());
    assertEquals(SymbolVisibility.HIDDEN, ElfReaderTest.only(parsed, "_hidden_function").visibility());
    assertEquals(SymbolBinding.LOCAL, ElfReaderTest.only(parsed, "_local_function").binding());
    assertEquals(SymbolKind.FUNCTION, ElfReaderTest.only(parsed, "_renamed").kind());
    assertEquals(SymbolKind.OBJECT, ElfReaderTest.only(parsed, "_data_object").kind());
    assertEquals(SymbolKind.OBJECT, ElfReaderTest.only(parsed, "_zero_object").kind());
    assertEquals(SymbolKind.TLS, ElfReaderTest.only(parsed, "_tls_value").kind());
    assertEquals(SymbolKind.TLS, ElfReaderTest.only(parsed, "_tls_value$tlv$init").kind());
    assertFalse(ElfReaderTest.only(parsed, "_undefined_reference").defined());
    assertEquals("public_function", parsed.format().cName("_public_function"));
  }

  @ParameterizedTest
  @CsvSource({"arm64", "x86_64"})
  void objectTlsImage(String machine) throws IOException {
    TlsImage tls = ObjectFiles.read(object(machine)).tls().orElseThrow();
    assertEquals(4, tls.fileSize());
    assertEquals(16, tls.memorySize());
    assertEquals(9, tls.initialData()[0]);
  }

  @ParameterizedTest
  @CsvSource({"arm64,AARCH64", "x86_64,X86_64"})
  void universalSelectsSlice(String machine, Architecture architecture) throws IOException {
    Path fat = universal();
    ObjectFile slice = ObjectFiles.read(fat, architecture);
    assertEquals(architecture, slice.architecture());
    NmCrossCheck.assertMatchesLlvmNm(fat, slice, "--arch=" + machine);
    assertEquals(Set.of(Architecture.AARCH64, Architecture.X86_64), Set.copyOf(ObjectFiles.architectures(fat)));
  }

  @Test
  void universalWithoutSelectionIsRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ObjectFiles.read(universal()));
    assertTrue(error.getMessage().contains("AARCH64"), error.getMessage());
  }
}

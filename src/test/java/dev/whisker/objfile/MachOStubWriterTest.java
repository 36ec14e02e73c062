package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MachOStubWriterTest {
  private static final long TARGET = 0x100004000L;

  @TempDir
  Path dir;

  private Path write(Architecture architecture) throws IOException {
    Path out = dir.resolve("stub-" + architecture + ".o");
    StubObjectWriter.create(ObjectFormat.MACHO64, architecture)
        .trampoline("_jump_to_target", TARGET, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN)
        .trampoline("_weak_jump", 0x1122334455667788L, SymbolBinding.WEAK, SymbolVisibility.DEFAULT)
        .trampoline("_exported_jump", 0x5000L, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT)
        .trampoline("_local_jump", 0x2000L, SymbolBinding.LOCAL, SymbolVisibility.DEFAULT)
        .absolute("_absolute_data", TARGET, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN)
        .threadLocalData(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8)
        .threadLocal("_stub_tls", 4, 4, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN)
        .write(out);
    return out;
  }

  @ParameterizedTest
  @CsvSource({"AARCH64", "X86_64"})
  void llvmReadobjAcceptsStub(Architecture architecture) throws IOException {
    Path stub = write(architecture);
    Tools.Result readobj = Tools.runAllowingFailure(dir, "llvm-readobj-14", "--file-headers", "--sections",
        "--symbols", "--macho-segment", "--macho-dysymtab", "--macho-version-min", stub.toString());
    assertEquals(0, readobj.exitCode(), readobj.stderr());
    assertEquals("", readobj.stderr());
    assertTrue(readobj.stdout().contains("iextdefsym: 1"), readobj.stdout());
    assertTrue(readobj.stdout().contains("nextdefsym: 5"), readobj.stdout());
  }

  @ParameterizedTest
  @CsvSource({"AARCH64", "X86_64"})
  void stubMatchesLlvmNmAndReadsBack(Architecture architecture) throws IOException {
    Path stub = write(architecture);
    ObjectFile parsed = ObjectFiles.read(stub);
    NmCrossCheck.assertMatchesLlvmNm(stub, parsed);
    Symbol jump = ElfReaderTest.only(parsed, "_jump_to_target");
    assertEquals(SymbolKind.FUNCTION, jump.kind());
    assertEquals(SymbolVisibility.HIDDEN, jump.visibility());
    assertEquals(SymbolBinding.WEAK, ElfReaderTest.only(parsed, "_weak_jump").binding());
    assertEquals(SymbolBinding.LOCAL, ElfReaderTest.only(parsed, "_local_jump").binding());
    Symbol data = ElfReaderTest.only(parsed, "_absolute_data");
    assertEquals(Symbol.ABSOLUTE_SECTION, data.section());
    assertEquals(TARGET, data.address());
    assertEquals(SymbolKind.TLS, ElfReaderTest.only(parsed, "_stub_tls").kind());
  }

  @ParameterizedTest
  @CsvSource({"AARCH64", "X86_64"})
  void disassemblesToTrampolines(Architecture architecture) throws IOException {
    String disassembly = Tools.run(dir, "llvm-objdump-14", "-d", write(architecture).toString());
    if (architecture == Architecture.X86_64) {
      assertTrue(disassembly.matches("(?s).*<_jump_to_target>:\\s+0:\\s+ff 25 00 00 00 00\\s+jmpq\\s+\\*\\(%rip\\).*"),
          disassembly);
    } else {
      assertTrue(disassembly.matches("(?s).*<_jump_to_target>:\\s+0:\\s+50 00 00 58\\s+ldr\\s+x16, 0x8 <_jump_to_target\\+0x8>"
          + "\\s+4:\\s+00 02 1f d6\\s+br\\s+x16.*"), disassembly);
    }
  }

  @ParameterizedTest
  @CsvSource({"AARCH64,arm64", "X86_64,x86_64"})
  void ld64LldLinksStub(Architecture architecture, String arch) throws IOException {
    Tools.assumeTool("ld64.lld-14");
    Path library = dir.resolve("libstub.dylib");
    Tools.run(dir, "ld64.lld-14", "-dylib", "-arch", arch, "-platform_version", "macos", "11.0", "11.0",
        "-o", library.toString(), write(architecture).toString());
    ObjectFile linked = ObjectFiles.read(library);
    assertEquals(architecture, linked.architecture());
    assertTrue(ElfReaderTest.only(linked, "_exported_jump").defined());
    String exported = Tools.run(dir, "llvm-nm-14", "-g", "--defined-only", library.toString());
    assertTrue(exported.contains("_exported_jump"), exported);
    assertTrue(!exported.contains("_jump_to_target"), "private-external trampolines must not be exported");
  }
}

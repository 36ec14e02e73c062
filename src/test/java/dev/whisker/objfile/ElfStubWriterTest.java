package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ElfStubWriterTest {
  private static final long TARGET = 0x10000000L;

  @TempDir
  Path dir;

  static StubObjectWriter sample(Architecture architecture) {
    return StubObjectWriter.create(ObjectFormat.ELF64, architecture)
        .trampoline("jump_to_target", TARGET, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN)
        .trampoline("weak_jump", 0x1122334455667788L, SymbolBinding.WEAK, SymbolVisibility.DEFAULT)
        .trampoline("local_jump", 0x2000L, SymbolBinding.LOCAL, SymbolVisibility.DEFAULT)
        .absolute("absolute_data", TARGET, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN)
        .absolute("weak_data", 0x3000L, SymbolBinding.WEAK, SymbolVisibility.DEFAULT)
        .threadLocalData(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8)
        .threadLocal("stub_tls", 4, 4, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT);
  }

  private Path write(Architecture architecture) throws IOException {
    Path out = dir.resolve("stub-" + architecture + ".o");
    sample(architecture).write(out);
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"X86_64", "AARCH64"})
  void readelfAcceptsStub(Architecture architecture) throws IOException {
    Path stub = write(architecture);
    Tools.Result readelf = Tools.runAllowingFailure(dir, "readelf", "-a", "-W", stub.toString());
    assertEquals(0, readelf.exitCode(), readelf.stderr());
    assertEquals("", readelf.stderr());
    assertTrue(readelf.stdout().contains(".note.GNU-stack"));
    Tools.Result readobj = Tools.runAllowingFailure(dir, "llvm-readobj-14", "--all", stub.toString());
    assertEquals(0, readobj.exitCode(), readobj.stderr());
    assertEquals("", readobj.stderr());
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"X86_64", "AARCH64"})
  void stubReadsBack(Architecture architecture) throws IOException {
    ObjectFile parsed = ObjectFiles.read(write(architecture));
    assertEquals(architecture, parsed.architecture());
    assertTrue(parsed.relocatable());
    Symbol jump = ElfReaderTest.only(parsed, "jump_to_target");
    assertEquals(SymbolKind.FUNCTION, jump.kind());
    assertEquals(SymbolVisibility.HIDDEN, jump.visibility());
    assertEquals(".text", jump.section());
    assertEquals(SymbolBinding.WEAK, ElfReaderTest.only(parsed, "weak_jump").binding());
    assertEquals(SymbolBinding.LOCAL, ElfReaderTest.only(parsed, "local_jump").binding());
    Symbol data = ElfReaderTest.only(parsed, "absolute_data");
    assertEquals(Symbol.ABSOLUTE_SECTION, data.section());
    assertEquals(TARGET, data.address());
    assertEquals(SymbolKind.TLS, ElfReaderTest.only(parsed, "stub_tls").kind());
    assertEquals(8, parsed.tls().orElseThrow().fileSize());
  }

  @Test
  void x86DisassemblesToIndirectJump() throws IOException {
    String disassembly = Tools.run(dir, "llvm-objdump-14", "-d", write(Architecture.X86_64).toString());
    assertTrue(disassembly.contains("ff 25 00 00 00 00"), disassembly);
    assertTrue(disassembly.matches("(?s).*<jump_to_target>:\\s+0:\\s+ff 25 00 00 00 00\\s+jmpq\\s+\\*\\(%rip\\).*"),
        disassembly);
  }

  @Test
  void aarch64DisassemblesToLiteralLoadAndBranch() throws IOException {
    String disassembly = Tools.run(dir, "llvm-objdump-14", "-d", write(Architecture.AARCH64).toString());
    assertTrue(disassembly.matches("(?s).*<jump_to_target>:\\s+0:\\s+50 00 00 58\\s+ldr\\s+x16, 0x8 <jump_to_target\\+0x8>"
        + "\\s+4:\\s+00 02 1f d6\\s+br\\s+x16.*"), disassembly);
  }

  @Test
  void ccLinksStubIntoSharedLibrary() throws IOException {
    Path stub = write(Architecture.X86_64);
    Files.writeString(dir.resolve("user.c"), "extern int jump_to_target(void);\n"
        + "extern char absolute_data[];\nint call(void) { return jump_to_target(); }\n"
        + "char *where(void) { return absolute_data; }\n");
    Path library = dir.resolve("libuser.so");
    Tools.run(dir, "cc", "-shared", "-fPIC", "-o", library.toString(), stub.toString(), "user.c");
    ObjectFile linked = ObjectFiles.read(library);
    Symbol weak = ElfReaderTest.only(linked, "weak_jump");
    assertTrue(weak.defined());
    String dynamic = Tools.run(dir, "nm", "-D", library.toString());
    assertFalse(dynamic.contains("jump_to_target"), "hidden trampolines must not be exported");
    assertTrue(dynamic.contains("weak_jump"));
  }

  @Test
  void trampolineRunsInExecutable() throws IOException {
    Path stub = write(Architecture.X86_64);
    Files.writeString(dir.resolve("main.c"), String.join("\n",
        "#include <stdio.h>",
        "#include <stdint.h>",
        "__attribute__((section(\".target\"), noinline)) int real_target(void) { return 42; }",
        "extern int jump_to_target(void);",
        "extern char absolute_data[];",
        "int main(void) {",
        "  printf(\"%d %d\\n\", jump_to_target(), (uintptr_t) absolute_data == (uintptr_t) real_target);",
        "  return 0;",
        "}",
        ""));
    Path executable = dir.resolve("main");
    Tools.run(dir, "cc", "-O1", "-fno-pie", "-no-pie", "-Wl,--section-start=.target=0x" + Long.toHexString(TARGET),
        "-o", executable.toString(), "main.c", stub.toString());
    assertEquals("42 1", Tools.run(dir, executable.toString()).trim());
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"X86_64", "AARCH64"})
  void lldLinksStub(Architecture architecture) throws IOException {
    Tools.assumeTool("ld.lld-14");
    Path library = dir.resolve("libstub.so");
    Tools.run(dir, "ld.lld-14", "-shared", "-o", library.toString(), write(architecture).toString());
    ObjectFile linked = ObjectFiles.read(library);
    assertEquals(architecture, linked.architecture());
    assertTrue(ElfReaderTest.only(linked, "weak_jump").defined());
  }
}

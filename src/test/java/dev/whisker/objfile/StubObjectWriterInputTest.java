package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StubObjectWriterInputTest {

  private static StubObjectWriter writer() {
    return StubObjectWriter.create(ObjectFormat.ELF64, Architecture.X86_64);
  }

  @Test
  void elf32FormatRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> StubObjectWriter.create(ObjectFormat.ELF32, Architecture.X86_64));
  }

  @Test
  void unsupportedMachineRejected() {
    assertThrows(IllegalArgumentException.class, () -> StubObjectWriter.create(ObjectFormat.ELF64, Architecture.ARM));
    assertThrows(IllegalArgumentException.class, () -> Trampolines.encode(Architecture.RISCV, 0));
  }

  @Test
  void duplicateNameRejected() {
    StubObjectWriter writer = writer().trampoline("f", 1, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> writer.absolute("f", 2, SymbolBinding.GLOBAL, SymbolVisibility.HIDDEN));
    assertTrue(error.getMessage().contains("f"), error.getMessage());
  }

  @Test
  void uniqueBindingRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> writer().absolute("d", 2, SymbolBinding.UNIQUE, SymbolVisibility.DEFAULT));
  }

  @Test
  void emptyOrNulNameRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> writer().absolute("", 2, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT));
    assertThrows(IllegalArgumentException.class,
        () -> writer().absolute("a\0b", 2, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT));
  }

  @Test
  void tlsSymbolNeedsData() {
    assertThrows(IllegalStateException.class,
        () -> writer().threadLocal("t", 0, 4, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT));
  }

  @Test
  void tlsSymbolOutsideDataRejected() {
    StubObjectWriter writer = writer().threadLocalData(new byte[8], 8);
    assertThrows(IllegalArgumentException.class,
        () -> writer.threadLocal("t", 6, 4, SymbolBinding.GLOBAL, SymbolVisibility.DEFAULT));
  }

  @Test
  void tlsAlignmentMustBePowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> writer().threadLocalData(new byte[8], 12));
    assertThrows(IllegalArgumentException.class, () -> writer().threadLocalData(new byte[8], 8192));
  }

  @Test
  void trampolineSlotsAreSixteenBytes() {
    assertEquals(16, Trampolines.encode(Architecture.X86_64, 0x1122334455667788L).length);
    assertEquals(16, Trampolines.encode(Architecture.AARCH64, 0x1122334455667788L).length);
  }
}

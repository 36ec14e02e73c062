package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code tpoff = value - memsz - ((-vaddr - memsz) & (align - 1))}, the TLS variant II layout of LLD and GNU ld. */
class TlsImageTest {

  @Test
  void alignedBlockEndsAtThreadPointer() {
    TlsImage image = new TlsImage(0x403e30, 0x10, 8, 4, new byte[4]);
    assertEquals(-16, image.tpoff(0));
    assertEquals(-8, image.tpoff(8));
  }

  @Test
  void misalignedBlockGetsPadding() {
    // -0x1004 - 0x10 = -0x1014, and -0x1014 & 0x3f = 0x2c, so the block starts 0x10 + 0x2c below the pointer.
    TlsImage image = new TlsImage(0x1004, 0x10, 0x40, 0, new byte[0]);
    assertEquals(-0x3c, image.tpoff(0));
  }

  @Test
  void zeroAlignmentMeansNone() {
    TlsImage image = new TlsImage(0x1003, 0x10, 0, 0, new byte[0]);
    assertEquals(-0x10, image.tpoff(0));
  }

  @Test
  void initialDataIsCopied() {
    byte[] data = {1, 2};
    TlsImage image = new TlsImage(0, 2, 1, 2, data);
    data[0] = 9;
    assertEquals(1, image.initialData()[0]);
    image.initialData()[1] = 9;
    assertEquals(2, image.initialData()[1]);
  }
}

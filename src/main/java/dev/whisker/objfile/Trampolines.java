package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Position-independent jumps to an absolute 64-bit address, one 16-byte slot per target. Neither form needs a
 * relocation, so the stub objects carry none.
 */
public final class Trampolines {
  /** Size of one trampoline slot; also its alignment in {@code .text}. */
  public static final int SLOT_SIZE = 16;
  /** AArch64 {@code ldr x16, #8}: load the literal 8 bytes ahead into x16 (the intra-procedure-call register). */
  static final int AARCH64_LDR_X16_PC8 = 0x58000050;
  /** AArch64 {@code br x16}. */
  static final int AARCH64_BR_X16 = 0xd61f0200;

  private Trampolines() {}

  /**
   * Encodes a trampoline to {@code target}.
   *
   * <p>x86-64: {@code jmp *0(%rip)} ({@code ff 25 00 00 00 00}), the 8-byte little-endian target it reads, then two
   * {@code int3} bytes of padding. AArch64: {@code ldr x16, #8}, {@code br x16}, then the 8-byte target.
   *
   * @throws IllegalArgumentException for architectures other than x86-64 and AArch64
   */
  public static byte[] encode(Architecture architecture, long target) {
    ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    switch (architecture) {
      case X86_64:
        slot.put((byte) 0xff).put((byte) 0x25).putInt(0).putLong(target).put((byte) 0xcc).put((byte) 0xcc);
        break;
      case AARCH64:
        slot.putInt(AARCH64_LDR_X16_PC8).putInt(AARCH64_BR_X16).putLong(target);
        break;
      default:
        throw new IllegalArgumentException("no trampoline encoding for " + architecture
            + "; supported: X86_64, AARCH64");
    }
    return slot.array();
  }
}

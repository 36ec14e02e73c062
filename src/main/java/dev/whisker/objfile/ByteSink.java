package dev.whisker.objfile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable little-endian byte buffer for the writers. */
final class ByteSink {
  private byte[] data = new byte[1024];
  private int size;

  int position() {
    return size;
  }

  ByteSink u8(int value) {
    ensure(1);
    data[size++] = (byte) value;
    return this;
  }

  ByteSink u16(int value) {
    return u8(value).u8(value >>> 8);
  }

  ByteSink u32(long value) {
    return u16((int) value).u16((int) (value >>> 16));
  }

  ByteSink u64(long value) {
    return u32(value).u32(value >>> 32);
  }

  ByteSink bytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, data, size, value.length);
    size += value.length;
    return this;
  }

  /** Writes {@code value} NUL-padded to exactly {@code width} bytes; it must fit. */
  ByteSink fixedName(String value, int width) {
    byte[] raw = value.getBytes(StandardCharsets.UTF_8);
    if (raw.length > width) {
      throw new IllegalArgumentException("name " + value + " is longer than " + width + " bytes");
    }
    bytes(raw);
    return zeros(width - raw.length);
  }

  ByteSink zeros(int count) {
    ensure(count);
    size += count;
    return this;
  }

  /** Pads with zeros to a multiple of {@code alignment}. */
  ByteSink align(int alignment) {
    int padded = (size + alignment - 1) / alignment * alignment;
    return zeros(padded - size);
  }

  /** Overwrites four bytes at {@code at}, for fields whose value is known only after later writes. */
  void patchU32(int at, long value) {
    for (int i = 0; i < 4; i++) {
      data[at + i] = (byte) (value >>> (8 * i));
    }
  }

  void patchU64(int at, long value) {
    patchU32(at, value);
    patchU32(at + 4, value >>> 32);
  }

  byte[] toArray() {
    return Arrays.copyOf(data, size);
  }

  private void ensure(int extra) {
    if (size + extra > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
    }
  }
}

package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked view of an object file's bytes in one byte order.
 *
 * <p>Every read checks its range against the view and raises {@link MalformedObjectFileException} naming the
 * structure and field, so a corrupt offset never surfaces as an {@link IndexOutOfBoundsException}. The view never
 * copies the underlying buffer, which is usually a read-only memory mapping.
 */
final class FileBytes {
  private final String label;
  private final ByteBuffer buffer;
  private final long base;

  private FileBytes(String label, ByteBuffer buffer, long base) {
    this.label = label;
    this.buffer = buffer;
    this.base = base;
  }

  /** Wraps {@code buffer} from its position to its limit. */
  static FileBytes of(String label, ByteBuffer buffer) {
    return new FileBytes(label, buffer.slice().order(ByteOrder.LITTLE_ENDIAN), 0);
  }

  /** Returns a view of {@code length} bytes at {@code offset}, for one slice of a universal file. */
  FileBytes slice(long offset, long length, String structure, String field) {
    requireRange(offset, length, structure, field);
    ByteBuffer part = buffer.slice((int) offset, (int) length).order(buffer.order());
    return new FileBytes(label, part, base + offset);
  }

  FileBytes withOrder(ByteOrder order) {
    return new FileBytes(label, buffer.duplicate().order(order), base);
  }

  String label() {
    return label;
  }

  ByteOrder order() {
    return buffer.order();
  }

  long size() {
    return buffer.capacity();
  }

  /** Offset of this view inside the whole file, used in messages so they match the tools' offsets. */
  long base() {
    return base;
  }

  ByteBuffer buffer() {
    return buffer;
  }

  int u8(long offset, String structure, String field) {
    requireRange(offset, 1, structure, field);
    return buffer.get((int) offset) & 0xff;
  }

  int u16(long offset, String structure, String field) {
    requireRange(offset, 2, structure, field);
    return buffer.getShort((int) offset) & 0xffff;
  }

  long u32(long offset, String structure, String field) {
    requireRange(offset, 4, structure, field);
    return buffer.getInt((int) offset) & 0xffffffffL;
  }

  long u64(long offset, String structure, String field) {
    requireRange(offset, 8, structure, field);
    return buffer.getLong((int) offset);
  }

  /** Copies {@code length} bytes at {@code offset} to a new array after checking the range. */
  byte[] bytes(long offset, long length, String structure, String field) {
    requireRange(offset, length, structure, field);
    byte[] out = new byte[(int) length];
    buffer.get((int) offset, out);
    return out;
  }

  /** Reads a fixed-size, NUL-padded name such as a Mach-O {@code segname}. */
  String fixedName(long offset, int length, String structure, String field) {
    byte[] raw = bytes(offset, length, structure, field);
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * Checks that {@code [offset, offset + length)} lies inside the view; both values are unsigned in the file, so a
   * negative long means a value of 2^63 or more and is rejected too.
   */
  void requireRange(long offset, long length, String structure, String field) {
    if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
      throw malformed(structure, field, offset,
          "a range inside the " + size() + "-byte file",
          "offset 0x" + Long.toUnsignedString(offset, 16) + " length 0x" + Long.toUnsignedString(length, 16));
    }
  }

  MalformedObjectFileException malformed(
      String structure, String field, long offset, String expected, String actual) {
    long where = offset < 0 ? -1 : base + offset;
    return new MalformedObjectFileException(label, structure, field, where, expected, actual);
  }
}

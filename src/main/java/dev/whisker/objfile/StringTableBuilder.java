package dev.whisker.objfile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Builds a NUL-terminated string table whose first byte is NUL, so index 0 is the empty name. */
final class StringTableBuilder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Map<String, Integer> indexes = new HashMap<>();

  StringTableBuilder() {
    bytes.write(0);
    indexes.put("", 0);
  }

  int add(String value) {
    return indexes.computeIfAbsent(value, key -> {
      int index = bytes.size();
      bytes.writeBytes(key.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
      return index;
    });
  }

  byte[] toArray() {
    return bytes.toByteArray();
  }
}

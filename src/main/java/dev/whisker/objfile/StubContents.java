package dev.whisker.objfile;

import java.util.ArrayList;
import java.util.List;

/** Definitions of a stub object, sorted into the groups the writers lay out. */
final class StubContents {
  final Architecture architecture;
  final List<StubDefinition> locals = new ArrayList<>();
  final List<StubDefinition> globals = new ArrayList<>();
  final byte[] text;
  final byte[] threadLocalData;
  final int threadLocalAlignment;
  /** Offset in {@code .text} of each trampoline, by name. */
  final java.util.Map<String, Integer> textOffsets = new java.util.HashMap<>();

  StubContents(Architecture architecture, List<StubDefinition> definitions, byte[] threadLocalData, int alignment) {
    this.architecture = architecture;
    this.threadLocalData = threadLocalData;
    this.threadLocalAlignment = alignment;
    int trampolines = 0;
    for (StubDefinition definition : definitions) {
      (definition.binding() == SymbolBinding.LOCAL ? locals : globals).add(definition);
      if (definition.kind() == StubDefinition.Kind.TRAMPOLINE) {
        trampolines++;
      }
    }
    text = new byte[trampolines * Trampolines.SLOT_SIZE];
    int slot = 0;
    for (StubDefinition definition : definitions) {
      if (definition.kind() == StubDefinition.Kind.TRAMPOLINE) {
        byte[] code = Trampolines.encode(architecture, definition.value());
        System.arraycopy(code, 0, text, slot, code.length);
        textOffsets.put(definition.name(), slot);
        slot += Trampolines.SLOT_SIZE;
      }
    }
  }

  boolean hasThreadLocalData() {
    return threadLocalData != null;
  }
}

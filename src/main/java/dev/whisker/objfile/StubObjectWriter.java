package dev.whisker.objfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a relocatable stub object (ELF64 {@code ET_REL} or Mach-O {@code MH_OBJECT}, for x86-64 or AArch64) that
 * defines trampolines, absolute symbols and optional thread-local data. The object has no relocations: every target
 * is an absolute runtime address computed by the caller.
 *
 * <p>Not thread-safe; build one object per instance.
 */
public final class StubObjectWriter {
  private final ObjectFormat format;
  private final Architecture architecture;
  private final List<StubDefinition> definitions = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private byte[] threadLocalData;
  private int threadLocalAlignment = 1;

  private StubObjectWriter(ObjectFormat format, Architecture architecture) {
    this.format = format;
    this.architecture = architecture;
  }

  /**
   * Starts a stub object.
   *
   * @throws IllegalArgumentException unless the format is ELF64 or MACHO64 and the architecture X86_64 or AARCH64
   */
  public static StubObjectWriter create(ObjectFormat format, Architecture architecture) {
    if (format == ObjectFormat.ELF32) {
      throw new IllegalArgumentException("stub objects are written as ELF64 or MACHO64, not ELF32");
    }
    if (architecture != Architecture.X86_64 && architecture != Architecture.AARCH64) {
      throw new IllegalArgumentException("stub objects support X86_64 and AARCH64, not " + architecture);
    }
    return new StubObjectWriter(format, architecture);
  }

  /** Defines a function symbol {@code name} whose code jumps to the absolute address {@code target}. */
  public StubObjectWriter trampoline(String name, long target, SymbolBinding binding, SymbolVisibility visibility) {
    return add(new StubDefinition(name, StubDefinition.Kind.TRAMPOLINE, target, Trampolines.SLOT_SIZE, binding,
        visibility));
  }

  /** Defines {@code name} as the absolute address {@code address} ({@code SHN_ABS} / {@code N_ABS}). */
  public StubObjectWriter absolute(String name, long address, SymbolBinding binding, SymbolVisibility visibility) {
    return add(new StubDefinition(name, StubDefinition.Kind.ABSOLUTE, address, 0, binding, visibility));
  }

  /**
   * Sets the contents of the thread-local data section ({@code .tdata}, Mach-O {@code __thread_data}).
   *
   * @param alignment a power of two from 1 to 4096
   */
  public StubObjectWriter threadLocalData(byte[] initialData, int alignment) {
    if (alignment < 1 || alignment > 4096 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("TLS alignment must be a power of two from 1 to 4096, not " + alignment);
    }
    this.threadLocalData = initialData.clone();
    this.threadLocalAlignment = alignment;
    return this;
  }

  /** Defines a TLS symbol at {@code offset} in the thread-local data set by {@link #threadLocalData}. */
  public StubObjectWriter threadLocal(
      String name, long offset, long size, SymbolBinding binding, SymbolVisibility visibility) {
    if (threadLocalData == null) {
      throw new IllegalStateException("call threadLocalData(...) before defining TLS symbol " + name);
    }
    if (offset < 0 || size < 0 || offset + size > threadLocalData.length) {
      throw new IllegalArgumentException("TLS symbol " + name + " at offset " + offset + " size " + size
          + " lies outside the " + threadLocalData.length + "-byte TLS data");
    }
    return add(new StubDefinition(name, StubDefinition.Kind.THREAD_LOCAL, offset, size, binding, visibility));
  }

  private StubObjectWriter add(StubDefinition definition) {
    String name = definition.name();
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("symbol name must be non-empty and contain no NUL: '" + name + "'");
    }
    if (definition.binding() == SymbolBinding.UNIQUE) {
      throw new IllegalArgumentException("binding of " + name + " must be GLOBAL, WEAK or LOCAL, not UNIQUE");
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException("symbol " + name + " is already defined in this stub object");
    }
    definitions.add(definition);
    return this;
  }

  /** Serialises the object. */
  public byte[] toBytes() {
    StubContents contents = new StubContents(architecture, definitions, threadLocalData, threadLocalAlignment);
    return format.isElf() ? ElfStubWriter.write(contents) : MachOStubWriter.write(contents);
  }

  /** Writes the object to {@code path} through a temporary file in the same directory, then renames it. */
  public void write(Path path) throws IOException {
    Path directory = path.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(directory, path.getFileName().toString(), ".tmp");
    try {
      Files.write(temporary, toBytes());
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}

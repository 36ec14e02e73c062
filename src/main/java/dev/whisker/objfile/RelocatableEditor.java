package dev.whisker.objfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * In-place edits of an ELF64 x86-64 relocatable object (a thin patch object) so it links against the running host:
 * host-owned statics become undefined, TLS accesses are resolved to the host's thread-pointer offsets, and optionally
 * {@code .eh_frame} pointers become PC-relative. Every edit rewrites bytes in place; no section changes size and no
 * offset moves.
 */
public final class RelocatableEditor {
  private static final String[] DATA_SECTION_PREFIXES = {".data", ".bss", ".ldata", ".lbss"};

  private RelocatableEditor() {}

  /**
   * Edits the object at {@code path}. The file is read into memory (thin objects are small), edited, and replaced
   * through a temporary file and an atomic rename, and only when something changed.
   *
   * @throws MalformedObjectFileException when the object is malformed
   * @throws IllegalArgumentException when it is not an ELF64 little-endian x86-64 relocatable object
   */
  public static RelocatableEdit.Result edit(Path path, RelocatableEdit edit) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    byte[] original = bytes.clone();
    RelocatableEdit.Result result = edit(path.toString(), bytes, edit);
    if (!java.util.Arrays.equals(original, bytes)) {
      Path temporary = Files.createTempFile(path.toAbsolutePath().getParent(), path.getFileName().toString(), ".tmp");
      try {
        Files.write(temporary, bytes);
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
    return result;
  }

  /** Edits {@code bytes} in place; {@code label} names the object in messages. */
  public static RelocatableEdit.Result edit(String label, byte[] bytes, RelocatableEdit edit) {
    ElfFile elf = ElfFile.parse(FileBytes.of(label, ByteBuffer.wrap(bytes)));
    requireX86_64Relocatable(elf, label);
    RawSymbolTable symbols = RawSymbolTable.read(elf);
    List<String> statics = undefineHostStatics(elf, symbols, edit);
    TlsRelocations tls = new TlsRelocations(elf, symbols, edit.hostTpoff());
    tls.apply();
    int ehFrame = edit.pcRelativeEhFrame() ? new EhFramePointers(elf).makePcRelative() : 0;
    return new RelocatableEdit.Result(statics, tls.resolved(), new ArrayList<>(new TreeSet<>(tls.missing())),
        tls.unsupported(), ehFrame);
  }

  private static void requireX86_64Relocatable(ElfFile elf, String label) {
    boolean ok = elf.is64() && elf.header.e_machine() == ElfHeader.EM_X86_64
        && elf.header.e_type() == ElfHeader.ET_REL
        && elf.bytes.order() == java.nio.ByteOrder.LITTLE_ENDIAN;
    if (!ok) {
      throw new IllegalArgumentException(label + " is not an ELF64 little-endian x86-64 relocatable object"
          + " (e_type " + elf.header.e_type() + ", e_machine " + elf.header.e_machine()
          + "); only thin objects from rustc --emit=obj for x86_64 Linux can be edited");
    }
  }

  /**
   * Turns each non-local {@code STT_OBJECT} defined in a writable, non-TLS data section ({@code .data*},
   * {@code .bss*}, {@code .ldata*}, {@code .lbss*}, which covers {@code .data.rel.ro*}) and defined by the host as
   * data into an undefined {@code STT_NOTYPE} reference. {@code DW.ref.*} personality slots are left alone: each
   * object keeps its own.
   */
  private static List<String> undefineHostStatics(ElfFile elf, RawSymbolTable symbols, RelocatableEdit edit) {
    List<String> changed = new ArrayList<>();
    ByteBuffer buffer = elf.bytes.buffer();
    for (RawSymbolTable.Entry symbol : symbols.entries) {
      if (symbol.binding() == RawSymbolTable.STB_LOCAL || symbol.type() != RawSymbolTable.STT_OBJECT
          || symbol.st_shndx() == ElfSymbolReader.SHN_UNDEF || symbol.st_shndx() >= ElfSymbolReader.SHN_LORESERVE
          || symbol.name().startsWith("DW.ref.")) {
        continue;
      }
      ElfSectionHeader section = elf.section(symbol.st_shndx(), symbols.section.name() + "[" + symbol.index() + "]",
          "st_shndx", symbol.offset() + 6);
      if (!isHostOwnedDataSection(section) || !edit.hostDefinesData().test(symbol.name())) {
        continue;
      }
      buffer.put(symbol.offset() + 4, (byte) ((symbol.binding() << 4) | RawSymbolTable.STT_NOTYPE));
      buffer.putShort(symbol.offset() + 6, (short) ElfSymbolReader.SHN_UNDEF);
      buffer.putLong(symbol.offset() + 8, 0);
      buffer.putLong(symbol.offset() + 16, 0);
      changed.add(symbol.name());
    }
    return changed;
  }

  private static boolean isHostOwnedDataSection(ElfSectionHeader section) {
    if (!section.hasFlag(ElfSectionHeader.SHF_WRITE) || !section.hasFlag(ElfSectionHeader.SHF_ALLOC)
        || section.hasFlag(ElfSectionHeader.SHF_TLS)) {
      return false;
    }
    for (String prefix : DATA_SECTION_PREFIXES) {
      if (section.name().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

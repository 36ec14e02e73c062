package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overwrites one field of a real fixture and checks that both entry points (path and buffer) raise
 * {@link MalformedObjectFileException} naming that field and the file.
 */
class MalformedInputTest {
  @TempDir
  Path dir;

  private record Corruption(String description, Supplier<Path> fixture, Consumer<Patch> edit, String field) {}

  /** A mutable copy of a fixture with the parsed layout of the original for locating fields. */
  static final class Patch {
    final byte[] bytes;
    final ByteBuffer buffer;
    final ElfFile elf;

    Patch(byte[] bytes) {
      this.bytes = bytes;
      this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      boolean isElf = bytes[0] == 0x7f && bytes[1] == 'E';
      this.elf = isElf ? ElfFile.parse(FileBytes.of("original", ByteBuffer.wrap(bytes.clone()))) : null;
    }

    ElfSectionHeader section(String name) {
      return elf.sections.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    ElfProgramHeader tlsSegment() {
      return elf.programs.stream().filter(p -> p.p_type() == ElfProgramHeader.PT_TLS).findFirst().orElseThrow();
    }

    /** Offset of the first symbol after the null symbol in {@code .symtab}. */
    int firstSymbol() {
      return (int) section(".symtab").sh_offset() + 24;
    }

    /** Offset of the {@code LC_SYMTAB} or {@code LC_SEGMENT_64} command in a Mach-O file. */
    int machOCommand(int cmd) {
      int at = 32;
      for (int i = 0; i < buffer.getInt(16); i++) {
        if (buffer.getInt(at) == cmd) {
          return at;
        }
        at += buffer.getInt(at + 4);
      }
      throw new AssertionError("no load command " + cmd);
    }
  }

  private static Supplier<Path> cObject() {
    return Fixtures::cObject;
  }

  private static Supplier<Path> cLibrary() {
    return Fixtures::cSharedLibrary;
  }

  private static Supplier<Path> machO() {
    return () -> MachOReaderTest.object("arm64");
  }

  private static List<Corruption> corruptions() {
    List<Corruption> all = new ArrayList<>();
    all.add(new Corruption("unknown ELF class", cObject(), p -> p.bytes[4] = 3, "e_ident[EI_CLASS]"));
    all.add(new Corruption("unknown byte order", cObject(), p -> p.bytes[5] = 0, "e_ident[EI_DATA]"));
    all.add(new Corruption("unknown version", cObject(), p -> p.bytes[6] = 9, "e_ident[EI_VERSION]"));
    all.add(new Corruption("unsupported machine", cObject(), p -> p.buffer.putShort(18, (short) 0x1234),
        "e_machine"));
    all.add(new Corruption("section header size", cObject(), p -> p.buffer.putShort(58, (short) 10),
        "e_shentsize"));
    all.add(new Corruption("section table beyond file", cObject(), p -> p.buffer.putLong(40, 1L << 40),
        "e_shoff/e_shnum"));
    all.add(new Corruption("name table index", cObject(), p -> p.buffer.putShort(62, (short) 999), "e_shstrndx"));
    all.add(new Corruption("program header size", cLibrary(), p -> p.buffer.putShort(54, (short) 7),
        "e_phentsize"));
    all.add(new Corruption("section name index", cObject(),
        p -> p.buffer.putInt((int) p.section(".text").headerOffset(), 0x7fffffff), "sh_name"));
    all.add(new Corruption("symbol entry size", cObject(),
        p -> p.buffer.putLong((int) p.section(".symtab").headerOffset() + 56, 12), "sh_entsize"));
    all.add(new Corruption("string table link", cObject(),
        p -> p.buffer.putInt((int) p.section(".symtab").headerOffset() + 40, 999), "sh_link"));
    all.add(new Corruption("symbol table beyond file", cObject(),
        p -> p.buffer.putLong((int) p.section(".symtab").headerOffset() + 24, 1L << 40), "sh_offset/sh_size"));
    all.add(new Corruption("string table type", cObject(),
        p -> p.buffer.putInt((int) p.section(".strtab").headerOffset() + 4, 1), "sh_type"));
    all.add(new Corruption("symbol name index", cObject(), p -> p.buffer.putInt(p.firstSymbol(), 0x7ffffff0),
        "st_name"));
    all.add(new Corruption("symbol binding", cObject(), p -> p.bytes[p.firstSymbol() + 4] = (byte) 0x52,
        "st_info"));
    all.add(new Corruption("symbol section index", cObject(),
        p -> p.buffer.putShort(p.firstSymbol() + 6, (short) 0xfe00), "st_shndx"));
    all.add(new Corruption("unterminated string table", cObject(), p -> {
      ElfSectionHeader strtab = p.section(".strtab");
      Arrays.fill(p.bytes, (int) strtab.sh_offset(), (int) (strtab.sh_offset() + strtab.sh_size()), (byte) 'x');
    }, "st_name"));
    all.add(new Corruption("TLS file size above memory size", cLibrary(),
        p -> p.buffer.putLong((int) p.tlsSegment().headerOffset() + 32, 1L << 20), "p_filesz"));
    all.add(new Corruption("TLS data beyond file", cLibrary(),
        p -> p.buffer.putLong((int) p.tlsSegment().headerOffset() + 8, 1L << 40), "p_offset/p_filesz"));
    all.add(new Corruption("bad magic", cObject(), p -> p.bytes[0] = 0x12, "magic"));
    all.add(new Corruption("Mach-O machine", machO(), p -> p.buffer.putInt(4, 0x12), "cputype"));
    all.add(new Corruption("Mach-O command area", machO(), p -> p.buffer.putInt(20, 0x7fffffff), "sizeofcmds"));
    all.add(new Corruption("Mach-O command count", machO(), p -> p.buffer.putInt(16, 100_000), "ncmds"));
    all.add(new Corruption("Mach-O command size", machO(), p -> p.buffer.putInt(36, 3), "cmdsize"));
    all.add(new Corruption("Mach-O section count", machO(),
        p -> p.buffer.putInt(p.machOCommand(MachOReader.LC_SEGMENT_64) + 64, 1000), "nsects"));
    all.add(new Corruption("Mach-O section offset", machO(),
        p -> p.buffer.putInt(p.machOCommand(MachOReader.LC_SEGMENT_64) + 72 + 48, 0x7ffffff0), "offset/size"));
    all.add(new Corruption("Mach-O symbol table", machO(),
        p -> p.buffer.putInt(p.machOCommand(MachOReader.LC_SYMTAB) + 8, 0x7ffffff0), "symoff/nsyms"));
    all.add(new Corruption("Mach-O string table", machO(),
        p -> p.buffer.putInt(p.machOCommand(MachOReader.LC_SYMTAB) + 20, 0x7ffffff0), "stroff/strsize"));
    all.add(new Corruption("Mach-O string index", machO(),
        p -> p.buffer.putInt(p.buffer.getInt(p.machOCommand(MachOReader.LC_SYMTAB) + 8), 0x7ffffff0), "n_strx"));
    all.add(new Corruption("Mach-O section ordinal", machO(), p -> {
      int symoff = p.buffer.getInt(p.machOCommand(MachOReader.LC_SYMTAB) + 8);
      p.bytes[symoff + 4] = (byte) MachOSymbolReader.N_SECT;
      p.bytes[symoff + 5] = (byte) 200;
    }, "n_sect"));
    return all;
  }

  @TestFactory
  List<DynamicTest> corruptedFieldIsNamed() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Corruption corruption : corruptions()) {
      tests.add(dynamicTest(corruption.description() + " names " + corruption.field(), () -> check(corruption)));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> truncatedFileIsRejected() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int length : new int[] {0, 3, 17, 40, 63}) {
      tests.add(dynamicTest("ELF truncated to " + length + " bytes", () -> {
        byte[] whole = Files.readAllBytes(Fixtures.cObject());
        byte[] cut = Arrays.copyOf(whole, length);
        assertThrows(MalformedObjectFileException.class,
            () -> ObjectFiles.parse("cut.o", ByteBuffer.wrap(cut), null));
      }));
    }
    return tests;
  }

  private void check(Corruption corruption) throws IOException {
    Patch patch = new Patch(read(corruption.fixture().get()));
    corruption.edit().accept(patch);
    Path corrupt = dir.resolve("corrupt-" + corruption.field().replaceAll("[^A-Za-z0-9_]", "_"));
    Files.write(corrupt, patch.bytes);

    MalformedObjectFileException fromPath = assertThrows(MalformedObjectFileException.class,
        () -> ObjectFiles.read(corrupt));
    assertEquals(corruption.field(), fromPath.field(), fromPath.getMessage());
    assertTrue(fromPath.getMessage().contains(corrupt.toString()), fromPath.getMessage());
    assertTrue(fromPath.getMessage().contains(corruption.field()), fromPath.getMessage());

    MalformedObjectFileException fromBuffer = assertThrows(MalformedObjectFileException.class,
        () -> ObjectFiles.parse("buffer.o", ByteBuffer.wrap(patch.bytes), null));
    assertEquals(fromPath.getMessage().replace(corrupt.toString(), "buffer.o"), fromBuffer.getMessage());
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

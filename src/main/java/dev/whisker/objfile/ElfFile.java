package dev.whisker.objfile;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated headers of an ELF file: file header, section headers with their names, and program headers. Shared by
 * the symbol reader and the relocatable-object editor.
 */
final class ElfFile {
  private static final int SHN_XINDEX = 0xffff;
  private static final int PN_XNUM = 0xffff;

  final FileBytes bytes;
  final ElfHeader header;
  /** Every section header, index 0 included, so list positions equal section indexes. */
  final List<ElfSectionHeader> sections;
  final List<ElfProgramHeader> programs;

  private ElfFile(FileBytes bytes, ElfHeader header, List<ElfSectionHeader> sections, List<ElfProgramHeader> programs) {
    this.bytes = bytes;
    this.header = header;
    this.sections = sections;
    this.programs = programs;
  }

  static ElfFile parse(FileBytes raw) {
    FileBytes bytes = withIdentOrder(raw);
    ElfHeader header = readHeader(bytes);
    List<ElfSectionHeader> sections = readSections(bytes, header);
    List<ElfProgramHeader> programs = readPrograms(bytes, header);
    return new ElfFile(bytes, header, sections, programs);
  }

  boolean is64() {
    return header.is64();
  }

  Architecture architecture() {
    switch (header.e_machine()) {
      case ElfHeader.EM_X86_64: return Architecture.X86_64;
      case ElfHeader.EM_AARCH64: return Architecture.AARCH64;
      case ElfHeader.EM_386: return Architecture.X86;
      case ElfHeader.EM_ARM: return Architecture.ARM;
      case ElfHeader.EM_RISCV: return Architecture.RISCV;
      default:
        throw bytes.malformed("ELF header", "e_machine", 18,
            "a supported machine (EM_X86_64, EM_AARCH64, EM_386, EM_ARM, EM_RISCV)",
            String.valueOf(header.e_machine()));
    }
  }

  private static FileBytes withIdentOrder(FileBytes bytes) {
    bytes.requireRange(0, 16, "ELF header", "e_ident");
    int elfClass = bytes.u8(4, "ELF header", "e_ident[EI_CLASS]");
    if (elfClass != 1 && elfClass != 2) {
      throw bytes.malformed("ELF header", "e_ident[EI_CLASS]", 4, "1 (ELFCLASS32) or 2 (ELFCLASS64)",
          String.valueOf(elfClass));
    }
    int data = bytes.u8(5, "ELF header", "e_ident[EI_DATA]");
    if (data != 1 && data != 2) {
      throw bytes.malformed("ELF header", "e_ident[EI_DATA]", 5, "1 (ELFDATA2LSB) or 2 (ELFDATA2MSB)",
          String.valueOf(data));
    }
    int version = bytes.u8(6, "ELF header", "e_ident[EI_VERSION]");
    if (version != 1) {
      throw bytes.malformed("ELF header", "e_ident[EI_VERSION]", 6, "1 (EV_CURRENT)", String.valueOf(version));
    }
    return bytes.withOrder(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
  }

  private static ElfHeader readHeader(FileBytes b) {
    boolean is64 = b.u8(4, "ELF header", "e_ident[EI_CLASS]") == 2;
    String s = "ELF header";
    int w = is64 ? 8 : 4;
    int type = b.u16(16, s, "e_type");
    int machine = b.u16(18, s, "e_machine");
    long phoff = is64 ? b.u64(32, s, "e_phoff") : b.u32(28, s, "e_phoff");
    long shoff = is64 ? b.u64(40, s, "e_shoff") : b.u32(32, s, "e_shoff");
    int at = 24 + 3 * w + 4;
    int phentsize = b.u16(at + 2, s, "e_phentsize");
    int phnum = b.u16(at + 4, s, "e_phnum");
    int shentsize = b.u16(at + 6, s, "e_shentsize");
    int shnum = b.u16(at + 8, s, "e_shnum");
    int shstrndx = b.u16(at + 10, s, "e_shstrndx");
    int expectedShent = is64 ? 64 : 40;
    if ((shnum != 0 || shoff != 0) && shentsize != expectedShent) {
      throw b.malformed(s, "e_shentsize", at + 6, String.valueOf(expectedShent), String.valueOf(shentsize));
    }
    int expectedPhent = is64 ? 56 : 32;
    if (phnum != 0 && phentsize != expectedPhent) {
      throw b.malformed(s, "e_phentsize", at + 2, String.valueOf(expectedPhent), String.valueOf(phentsize));
    }
    if (shoff != 0 && (shnum == 0 || shstrndx == SHN_XINDEX || phnum == PN_XNUM)) {
      // Extended numbering: the real values live in section header 0.
      b.requireRange(shoff, expectedShent, "section header [0]", "sh_offset");
      long size0 = is64 ? b.u64(shoff + 32, "section header [0]", "sh_size") : b.u32(shoff + 20, "section header [0]", "sh_size");
      long link0 = b.u32(shoff + (is64 ? 40 : 24), "section header [0]", "sh_link");
      long info0 = b.u32(shoff + (is64 ? 44 : 28), "section header [0]", "sh_info");
      if (shnum == 0) {
        shnum = (int) Math.min(size0, Integer.MAX_VALUE);
      }
      if (shstrndx == SHN_XINDEX) {
        shstrndx = (int) Math.min(link0, Integer.MAX_VALUE);
      }
      if (phnum == PN_XNUM) {
        phnum = (int) Math.min(info0, Integer.MAX_VALUE);
      }
    }
    return new ElfHeader(is64, type, machine, phoff, phentsize, phnum, shoff, shentsize, shnum, shstrndx);
  }

  private static List<ElfSectionHeader> readSections(FileBytes b, ElfHeader h) {
    if (h.e_shoff() == 0 || h.e_shnum() == 0) {
      return List.of();
    }
    long tableSize = (long) h.e_shnum() * h.e_shentsize();
    b.requireRange(h.e_shoff(), tableSize, "ELF header", "e_shoff/e_shnum");
    if (h.e_shstrndx() >= h.e_shnum()) {
      throw b.malformed("ELF header", "e_shstrndx", h.is64() ? 62 : 50,
          "an index below e_shnum " + h.e_shnum(), String.valueOf(h.e_shstrndx()));
    }
    List<ElfSectionHeader> unnamed = new ArrayList<>(h.e_shnum());
    for (int i = 0; i < h.e_shnum(); i++) {
      unnamed.add(readSection(b, h, i, ""));
    }
    StringTable names = h.e_shstrndx() == 0 ? null : StringTable.of(b, unnamed.get(h.e_shstrndx()));
    List<ElfSectionHeader> named = new ArrayList<>(unnamed.size());
    for (ElfSectionHeader raw : unnamed) {
      String name = names == null ? "" : names.get(raw.sh_name(), raw.structure(), "sh_name", raw.headerOffset());
      named.add(readSection(b, h, raw.index(), name));
    }
    return named;
  }

  private static ElfSectionHeader readSection(FileBytes b, ElfHeader h, int index, String name) {
    long at = h.e_shoff() + (long) index * h.e_shentsize();
    String s = "section header [" + index + "]";
    if (h.is64()) {
      return new ElfSectionHeader(index, name, at, b.u32(at, s, "sh_name"), b.u32(at + 4, s, "sh_type"),
          b.u64(at + 8, s, "sh_flags"), b.u64(at + 16, s, "sh_addr"), b.u64(at + 24, s, "sh_offset"),
          b.u64(at + 32, s, "sh_size"), b.u32(at + 40, s, "sh_link"), b.u32(at + 44, s, "sh_info"),
          b.u64(at + 48, s, "sh_addralign"), b.u64(at + 56, s, "sh_entsize"));
    }
    return new ElfSectionHeader(index, name, at, b.u32(at, s, "sh_name"), b.u32(at + 4, s, "sh_type"),
        b.u32(at + 8, s, "sh_flags"), b.u32(at + 12, s, "sh_addr"), b.u32(at + 16, s, "sh_offset"),
        b.u32(at + 20, s, "sh_size"), b.u32(at + 24, s, "sh_link"), b.u32(at + 28, s, "sh_info"),
        b.u32(at + 32, s, "sh_addralign"), b.u32(at + 36, s, "sh_entsize"));
  }

  private static List<ElfProgramHeader> readPrograms(FileBytes b, ElfHeader h) {
    if (h.e_phoff() == 0 || h.e_phnum() == 0) {
      return List.of();
    }
    b.requireRange(h.e_phoff(), (long) h.e_phnum() * h.e_phentsize(), "ELF header", "e_phoff/e_phnum");
    List<ElfProgramHeader> out = new ArrayList<>(h.e_phnum());
    for (int i = 0; i < h.e_phnum(); i++) {
      long at = h.e_phoff() + (long) i * h.e_phentsize();
      String s = "program header [" + i + "]";
      if (h.is64()) {
        out.add(new ElfProgramHeader(at, b.u32(at, s, "p_type"), b.u64(at + 8, s, "p_offset"),
            b.u64(at + 16, s, "p_vaddr"), b.u64(at + 32, s, "p_filesz"), b.u64(at + 40, s, "p_memsz"),
            b.u64(at + 48, s, "p_align")));
      } else {
        out.add(new ElfProgramHeader(at, b.u32(at, s, "p_type"), b.u32(at + 4, s, "p_offset"),
            b.u32(at + 8, s, "p_vaddr"), b.u32(at + 16, s, "p_filesz"), b.u32(at + 20, s, "p_memsz"),
            b.u32(at + 28, s, "p_align")));
      }
    }
    return out;
  }

  /** Returns the section at {@code index}, or raises naming the structure and field that held the index. */
  ElfSectionHeader section(long index, String structure, String field, long fieldOffset) {
    if (index < 0 || index >= sections.size()) {
      throw bytes.malformed(structure, field, fieldOffset, "a section index below " + sections.size(),
          Long.toUnsignedString(index));
    }
    return sections.get((int) index);
  }
}

package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Resolves TLS relocations of a thin object to the host's local-exec offsets, because a patch loaded with
 * {@code dlopen} has no slot in the host's static TLS block and must address the host's variables directly. Only
 * relocations in {@code SHF_ALLOC} sections are edited; debug sections keep theirs.
 */
final class TlsRelocations {
  static final int R_X86_64_NONE = 0;
  static final int R_X86_64_DTPMOD64 = 16;
  static final int R_X86_64_DTPOFF64 = 17;
  static final int R_X86_64_TPOFF64 = 18;
  static final int R_X86_64_TLSGD = 19;
  static final int R_X86_64_TLSLD = 20;
  static final int R_X86_64_DTPOFF32 = 21;
  static final int R_X86_64_GOTTPOFF = 22;
  static final int R_X86_64_TPOFF32 = 23;
  static final int R_X86_64_GOTPC32_TLSDESC = 34;
  static final int R_X86_64_TLSDESC_CALL = 35;
  private static final int RELA_SIZE = 24;

  private final ElfFile elf;
  private final RawSymbolTable symbols;
  private final Function<String, OptionalLong> hostTpoff;
  private final ByteBuffer buffer;
  private int resolved;
  private final List<String> missing = new ArrayList<>();
  private final List<String> unsupported = new ArrayList<>();

  TlsRelocations(ElfFile elf, RawSymbolTable symbols, Function<String, OptionalLong> hostTpoff) {
    this.elf = elf;
    this.symbols = symbols;
    this.hostTpoff = hostTpoff;
    this.buffer = elf.bytes.buffer();
  }

  int resolved() {
    return resolved;
  }

  List<String> missing() {
    return missing;
  }

  List<String> unsupported() {
    return unsupported;
  }

  void apply() {
    for (ElfSectionHeader rela : elf.sections) {
      if (rela.sh_type() != ElfSectionHeader.SHT_RELA) {
        continue;
      }
      ElfSectionHeader target = elf.section(rela.sh_info(), rela.structure(), "sh_info", rela.headerOffset() + 44);
      if (!target.hasFlag(ElfSectionHeader.SHF_ALLOC)) {
        continue;
      }
      checkTable(rela);
      for (long at = rela.sh_offset(); at + RELA_SIZE <= rela.sh_offset() + rela.sh_size(); at += RELA_SIZE) {
        editEntry(rela, target, (int) at);
      }
    }
  }

  /** Validates a {@code SHT_RELA} section's entry size and range; shared with the {@code .eh_frame} edit. */
  static void checkTable(ElfFile elf, ElfSectionHeader rela) {
    if (rela.sh_entsize() != RELA_SIZE) {
      throw elf.bytes.malformed(rela.structure(), "sh_entsize", rela.headerOffset() + 56, String.valueOf(RELA_SIZE),
          Long.toUnsignedString(rela.sh_entsize()));
    }
    elf.bytes.requireRange(rela.sh_offset(), rela.sh_size(), rela.structure(), "sh_offset/sh_size");
  }

  private void checkTable(ElfSectionHeader rela) {
    checkTable(elf, rela);
  }

  private void editEntry(ElfSectionHeader rela, ElfSectionHeader target, int at) {
    long offset = buffer.getLong(at);
    long info = buffer.getLong(at + 8);
    long addend = buffer.getLong(at + 16);
    int type = (int) info;
    if (!isTls(type)) {
      return;
    }
    RawSymbolTable.Entry symbol = symbols.entry(info >>> 32, elf.bytes, rela.structure(), at + 8);
    String where = target.name() + "+0x" + Long.toHexString(offset);
    if (type != R_X86_64_TPOFF32 && type != R_X86_64_GOTTPOFF && type != R_X86_64_TPOFF64) {
      unsupported.add(typeName(type) + " against " + symbol.name() + " at " + where
          + ": only local-exec and initial-exec accesses can be resolved; compile with -C relocation-model=static");
      return;
    }
    OptionalLong tpoff = hostTpoff.apply(symbol.name());
    if (tpoff.isEmpty()) {
      missing.add(symbol.name());
      return;
    }
    int width = type == R_X86_64_TPOFF64 ? 8 : 4;
    long place = placeOffset(rela, target, offset, width, at);
    if (type == R_X86_64_TPOFF64) {
      buffer.putLong((int) place, tpoff.getAsLong() + addend);
    } else if (type == R_X86_64_TPOFF32) {
      if (!writeInt32(place, tpoff.getAsLong() + addend, symbol, where)) {
        return;
      }
    } else if (!relaxInitialExec(target, place, offset, tpoff.getAsLong() + addend + 4, symbol, where)) {
      return;
    }
    buffer.putLong(at + 8, info & ~0xffffffffL);
    resolved++;
  }

  /**
   * Rewrites {@code mov disp32(%rip),%reg} to {@code mov $imm32,%reg} or {@code add disp32(%rip),%reg} to
   * {@code add $imm32,%reg}, both seven bytes, as linkers relax initial-exec to local-exec. The immediate is
   * {@code tpoff + addend + 4}: the addend is -4 to reach the end of the instruction from the displacement, which
   * an immediate does not need.
   */
  private boolean relaxInitialExec(ElfSectionHeader target, long place, long offset, long value,
      RawSymbolTable.Entry symbol, String where) {
    if (offset < 3) {
      unsupported.add("R_X86_64_GOTTPOFF against " + symbol.name() + " at " + where + ": no instruction before it");
      return false;
    }
    int rex = buffer.get((int) place - 3) & 0xff;
    int opcode = buffer.get((int) place - 2) & 0xff;
    int modrm = buffer.get((int) place - 1) & 0xff;
    boolean ripRelative = (modrm & 0xc7) == 0x05;
    if ((rex & 0xf8) != 0x48 || !ripRelative || (opcode != 0x8b && opcode != 0x03)) {
      unsupported.add(String.format("R_X86_64_GOTTPOFF against %s at %s: instruction bytes %02x %02x %02x are not"
          + " a REX.W mov or add from a RIP-relative operand", symbol.name(), where, rex, opcode, modrm));
      return false;
    }
    if (value != (int) value) {
      unsupported.add("R_X86_64_GOTTPOFF against " + symbol.name() + " at " + where + ": offset " + value
          + " does not fit in 32 bits");
      return false;
    }
    int register = (modrm >>> 3) & 7;
    int newRex = 0x48 | ((rex & 0x04) >>> 2);
    buffer.put((int) place - 3, (byte) newRex);
    buffer.put((int) place - 2, (byte) (opcode == 0x8b ? 0xc7 : 0x81));
    buffer.put((int) place - 1, (byte) (0xc0 | register));
    buffer.putInt((int) place, (int) value);
    return true;
  }

  private boolean writeInt32(long place, long value, RawSymbolTable.Entry symbol, String where) {
    if (value != (int) value) {
      unsupported.add("R_X86_64_TPOFF32 against " + symbol.name() + " at " + where + ": offset " + value
          + " does not fit in 32 bits");
      return false;
    }
    buffer.putInt((int) place, (int) value);
    return true;
  }

  /** Returns the file offset of the relocated field after checking it lies inside the target's contents. */
  private long placeOffset(ElfSectionHeader rela, ElfSectionHeader target, long offset, int width, int at) {
    if (target.sh_type() == ElfSectionHeader.SHT_NOBITS || offset < 0 || offset > target.sh_size() - width) {
      throw elf.bytes.malformed(rela.structure() + " entry", "r_offset", at,
          "a " + width + "-byte field inside " + target.name() + " (size " + target.sh_size() + ")",
          Long.toUnsignedString(offset));
    }
    elf.bytes.requireRange(target.sh_offset(), target.sh_size(), target.structure(), "sh_offset/sh_size");
    return target.sh_offset() + offset;
  }

  private static boolean isTls(int type) {
    return (type >= R_X86_64_DTPMOD64 && type <= R_X86_64_TPOFF32)
        || type == R_X86_64_GOTPC32_TLSDESC || type == R_X86_64_TLSDESC_CALL;
  }

  private static String typeName(int type) {
    switch (type) {
      case R_X86_64_DTPMOD64: return "R_X86_64_DTPMOD64";
      case R_X86_64_DTPOFF64: return "R_X86_64_DTPOFF64";
      case R_X86_64_TLSGD: return "R_X86_64_TLSGD";
      case R_X86_64_TLSLD: return "R_X86_64_TLSLD";
      case R_X86_64_DTPOFF32: return "R_X86_64_DTPOFF32";
      case R_X86_64_GOTPC32_TLSDESC: return "R_X86_64_GOTPC32_TLSDESC";
      case R_X86_64_TLSDESC_CALL: return "R_X86_64_TLSDESC_CALL";
      default: return "relocation type " + type;
    }
  }
}

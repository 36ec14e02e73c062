package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Makes the personality and LSDA pointers of {@code .eh_frame} PC-relative. The large code model emits them as
 * absolute 8-byte values ({@code DW_EH_PE_absptr}, 0x00) with {@code R_X86_64_64} relocations, which rust-lld rejects
 * in a shared object. Each such CIE encoding becomes {@code DW_EH_PE_pcrel | DW_EH_PE_sdata8} (0x1c), the same size,
 * and each matching relocation becomes {@code R_X86_64_PC64}.
 */
final class EhFramePointers {
  static final int DW_EH_PE_ABSPTR = 0x00;
  static final int DW_EH_PE_OMIT = 0xff;
  static final int PCREL_SDATA8 = 0x1c;
  static final int R_X86_64_64 = 1;
  static final int R_X86_64_PC64 = 24;

  private final ElfFile elf;
  private final ByteBuffer buffer;
  /** Offsets inside {@code .eh_frame} of pointers whose relocation must become PC-relative. */
  private final Set<Long> rewritten = new HashSet<>();

  private record Cie(String augmentation, int fdeEncoding, int lsdaEncoding, boolean lsdaRewritten) {}

  EhFramePointers(ElfFile elf) {
    this.elf = elf;
    this.buffer = elf.bytes.buffer();
  }

  /** Rewrites encodings and relocations; returns the number of relocations retyped. */
  int makePcRelative() {
    ElfSectionHeader ehFrame = null;
    for (ElfSectionHeader section : elf.sections) {
      if (section.name().equals(".eh_frame") && section.sh_type() != ElfSectionHeader.SHT_NOBITS) {
        ehFrame = section;
      }
    }
    if (ehFrame == null) {
      return 0;
    }
    elf.bytes.requireRange(ehFrame.sh_offset(), ehFrame.sh_size(), ehFrame.structure(), "sh_offset/sh_size");
    walkRecords(ehFrame);
    return retypeRelocations(ehFrame);
  }

  private void walkRecords(ElfSectionHeader section) {
    Map<Long, Cie> cies = new HashMap<>();
    long base = section.sh_offset();
    long position = 0;
    while (position + 4 <= section.sh_size()) {
      long length = buffer.getInt((int) (base + position)) & 0xffffffffL;
      if (length == 0) {
        break;
      }
      long body = position + 4;
      if (length == 0xffffffffL) {
        checkInside(section, body, 8, "extended length");
        length = buffer.getLong((int) (base + body));
        body += 8;
      }
      if (length < 4 || length > section.sh_size() - body) {
        throw elf.bytes.malformed(".eh_frame record at 0x" + Long.toHexString(position), "length", base + position,
            "a record inside the " + section.sh_size() + "-byte section", Long.toUnsignedString(length));
      }
      long end = body + length;
      long id = buffer.getInt((int) (base + body)) & 0xffffffffL;
      Cursor cursor = new Cursor(section, body + 4, end);
      if (id == 0) {
        cies.put(position, readCie(cursor));
      } else {
        Cie cie = cies.get(body - id);
        if (cie != null) {
          readFde(cursor, cie);
        }
      }
      position = end;
    }
  }

  private Cie readCie(Cursor cursor) {
    int version = cursor.u8();
    StringBuilder augmentation = new StringBuilder();
    for (int c = cursor.u8(); c != 0; c = cursor.u8()) {
      augmentation.append((char) c);
    }
    if (augmentation.indexOf("eh") >= 0 || augmentation.length() == 0 || augmentation.charAt(0) != 'z') {
      return new Cie(augmentation.toString(), DW_EH_PE_ABSPTR, DW_EH_PE_OMIT, false);
    }
    cursor.uleb();
    cursor.uleb();
    if (version == 1) {
      cursor.u8();
    } else {
      cursor.uleb();
    }
    cursor.uleb();
    int fdeEncoding = DW_EH_PE_ABSPTR;
    int lsdaEncoding = DW_EH_PE_OMIT;
    boolean lsdaRewritten = false;
    for (int i = 1; i < augmentation.length(); i++) {
      char c = augmentation.charAt(i);
      if (c == 'P') {
        long encodingAt = cursor.position;
        int encoding = cursor.u8();
        if (encoding == DW_EH_PE_ABSPTR) {
          cursor.write(encodingAt, PCREL_SDATA8);
          rewritten.add(cursor.position);
        }
        cursor.skipEncoded(encoding);
      } else if (c == 'L') {
        long encodingAt = cursor.position;
        lsdaEncoding = cursor.u8();
        if (lsdaEncoding == DW_EH_PE_ABSPTR) {
          cursor.write(encodingAt, PCREL_SDATA8);
          lsdaRewritten = true;
        }
      } else if (c == 'R') {
        fdeEncoding = cursor.u8();
      } else if (c != 'S' && c != 'B' && c != 'G') {
        break;
      }
    }
    return new Cie(augmentation.toString(), fdeEncoding, lsdaEncoding, lsdaRewritten);
  }

  private void readFde(Cursor cursor, Cie cie) {
    if (!cie.lsdaRewritten()) {
      return;
    }
    cursor.skipEncoded(cie.fdeEncoding());
    cursor.skipEncoded(cie.fdeEncoding() & 0x0f);
    cursor.uleb();
    rewritten.add(cursor.position);
  }

  private int retypeRelocations(ElfSectionHeader ehFrame) {
    int count = 0;
    for (ElfSectionHeader rela : elf.sections) {
      if (rela.sh_type() != ElfSectionHeader.SHT_RELA || rela.sh_info() != ehFrame.index()) {
        continue;
      }
      TlsRelocations.checkTable(elf, rela);
      for (long at = rela.sh_offset(); at + 24 <= rela.sh_offset() + rela.sh_size(); at += 24) {
        long offset = buffer.getLong((int) at);
        long info = buffer.getLong((int) at + 8);
        if ((int) info == R_X86_64_64 && rewritten.contains(offset)) {
          buffer.putLong((int) at + 8, (info & ~0xffffffffL) | R_X86_64_PC64);
          count++;
        }
      }
    }
    return count;
  }

  private void checkInside(ElfSectionHeader section, long offset, int width, String field) {
    if (offset + width > section.sh_size()) {
      throw elf.bytes.malformed(".eh_frame", field, section.sh_offset() + offset,
          "a field inside the " + section.sh_size() + "-byte section", "offset 0x" + Long.toHexString(offset));
    }
  }

  /** Reads one record's fields, never past the record's end. */
  private final class Cursor {
    private final ElfSectionHeader section;
    private final long end;
    long position;

    Cursor(ElfSectionHeader section, long position, long end) {
      this.section = section;
      this.position = position;
      this.end = end;
    }

    int u8() {
      require(1);
      return buffer.get((int) (section.sh_offset() + position++)) & 0xff;
    }

    void write(long at, int value) {
      buffer.put((int) (section.sh_offset() + at), (byte) value);
    }

    long uleb() {
      long value = 0;
      int shift = 0;
      int b;
      do {
        b = u8();
        if (shift < 64) {
          value |= (long) (b & 0x7f) << shift;
        }
        shift += 7;
      } while ((b & 0x80) != 0);
      return value;
    }

    /** Skips a pointer of DWARF exception-header {@code encoding}. */
    void skipEncoded(int encoding) {
      if (encoding == DW_EH_PE_OMIT) {
        return;
      }
      switch (encoding & 0x0f) {
        case 0x00, 0x04, 0x0c -> skip(8);
        case 0x02, 0x0a -> skip(2);
        case 0x03, 0x0b -> skip(4);
        case 0x01, 0x09 -> uleb();
        default -> throw elf.bytes.malformed(".eh_frame", "pointer encoding", section.sh_offset() + position,
            "a DW_EH_PE_* value format", "0x" + Integer.toHexString(encoding));
      }
    }

    private void skip(int count) {
      require(count);
      position += count;
    }

    private void require(int count) {
      if (position + count > end) {
        throw elf.bytes.malformed(".eh_frame record", "contents", section.sh_offset() + position,
            "fields inside the record ending at 0x" + Long.toHexString(end), "a read of " + count + " bytes");
      }
    }
  }
}

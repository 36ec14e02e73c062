package dev.whisker.objfile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@code nlist_64} entries of {@code LC_SYMTAB}. Mach-O stores no symbol sizes and no symbol types, so the
 * kind comes from the defining section and the size is the distance to the next symbol in that section.
 */
final class MachOSymbolReader {
  static final int N_STAB = 0xe0;
  static final int N_PEXT = 0x10;
  static final int N_TYPE = 0x0e;
  static final int N_EXT = 0x01;
  static final int N_UNDF = 0x0;
  static final int N_ABS = 0x2;
  static final int N_SECT = 0xe;
  static final int N_WEAK_REF = 0x40;
  static final int N_WEAK_DEF = 0x80;
  private static final int NLIST_SIZE = 16;

  private final FileBytes bytes;
  private final List<MachOSection> sections;

  MachOSymbolReader(FileBytes bytes, List<MachOSection> sections) {
    this.bytes = bytes;
    this.sections = sections;
  }

  /** Reads the table described by the {@code symtab_command} at {@code command}. */
  List<Symbol> read(long command) {
    String structure = "symtab_command";
    long symoff = bytes.u32(command + 8, structure, "symoff");
    long nsyms = bytes.u32(command + 12, structure, "nsyms");
    long stroff = bytes.u32(command + 16, structure, "stroff");
    long strsize = bytes.u32(command + 20, structure, "strsize");
    bytes.requireRange(symoff, nsyms * NLIST_SIZE, structure, "symoff/nsyms");
    StringTable strings = StringTable.of(bytes, stroff, strsize, "string table of " + structure);
    List<Entry> entries = new ArrayList<>((int) nsyms);
    ByteBuffer buffer = bytes.buffer();
    for (int i = 0; i < nsyms; i++) {
      int at = (int) (symoff + (long) i * NLIST_SIZE);
      int type = buffer.get(at + 4) & 0xff;
      if ((type & N_STAB) != 0) {
        continue;
      }
      Entry entry = new Entry(at,
          strings.getSymbolName(buffer.getInt(at) & 0xffffffffL, "nlist_64", i, "n_strx", bytes.base() + at),
          type, buffer.get(at + 5) & 0xff, buffer.getShort(at + 6) & 0xffff, buffer.getLong(at + 8));
      if ((type & N_TYPE) == N_SECT && (entry.sect == 0 || entry.sect > sections.size())) {
        throw bytes.malformed("nlist_64[" + i + "]", "n_sect", at + 5, "a section ordinal from 1 to " + sections.size(),
            String.valueOf(entry.sect));
      }
      entries.add(entry);
    }
    long[] sizes = sizes(entries);
    List<Symbol> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      out.add(project(entries.get(i), sizes[i]));
    }
    return out;
  }

  private Symbol project(Entry e, long size) {
    int type = e.type & N_TYPE;
    boolean external = (e.type & N_EXT) != 0;
    boolean weak = (e.desc & (N_WEAK_DEF | N_WEAK_REF)) != 0;
    SymbolBinding binding = SymbolBinding.LOCAL;
    if (external) {
      binding = weak ? SymbolBinding.WEAK : SymbolBinding.GLOBAL;
    }
    SymbolVisibility visibility = (e.type & N_PEXT) != 0 ? SymbolVisibility.HIDDEN : SymbolVisibility.DEFAULT;
    String name = e.name;
    if (type == N_SECT) {
      MachOSection section = sections.get(e.sect - 1);
      return new Symbol(name, e.value, size, kind(section), binding, visibility, true, section.name());
    }
    if (type == N_ABS) {
      return new Symbol(name, e.value, 0, SymbolKind.UNKNOWN, binding, visibility, true, Symbol.ABSOLUTE_SECTION);
    }
    if (type == N_UNDF && external && e.value != 0) {
      // A common symbol: n_value is its size.
      return new Symbol(name, 0, e.value, SymbolKind.OBJECT, binding, visibility, true, Symbol.COMMON_SECTION);
    }
    return new Symbol(name, e.value, 0, SymbolKind.UNKNOWN, binding, visibility, false, "");
  }

  private static SymbolKind kind(MachOSection section) {
    if (section.threadLocal()) {
      return SymbolKind.TLS;
    }
    return section.executable() ? SymbolKind.FUNCTION : SymbolKind.OBJECT;
  }

  /** Estimates sizes of section symbols: distance to the next higher address in the same section, or its end. */
  private long[] sizes(List<Entry> entries) {
    long[] sizes = new long[entries.size()];
    Integer[] order = new Integer[entries.size()];
    int count = 0;
    for (int i = 0; i < entries.size(); i++) {
      if ((entries.get(i).type & N_TYPE) == N_SECT) {
        order[count++] = i;
      }
    }
    Integer[] defined = Arrays.copyOf(order, count);
    Arrays.sort(defined, (a, b) -> {
      Entry x = entries.get(a);
      Entry y = entries.get(b);
      return x.sect != y.sect ? Integer.compare(x.sect, y.sect) : Long.compareUnsigned(x.value, y.value);
    });
    long nextAddress = 0;
    for (int k = defined.length - 1; k >= 0; k--) {
      Entry entry = entries.get(defined[k]);
      MachOSection section = sections.get(entry.sect - 1);
      Entry following = k + 1 < defined.length ? entries.get(defined[k + 1]) : null;
      if (following == null || following.sect != entry.sect) {
        nextAddress = section.addr() + section.size();
      } else if (following.value != entry.value) {
        nextAddress = following.value;
      }
      sizes[defined[k]] = Long.compareUnsigned(nextAddress, entry.value) > 0 ? nextAddress - entry.value : 0;
    }
    return sizes;
  }

  private record Entry(int offset, String name, int type, int sect, int desc, long value) {}
}

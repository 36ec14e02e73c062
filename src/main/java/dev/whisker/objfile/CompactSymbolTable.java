package dev.whisker.objfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The merged ELF symbol table in primitive arrays, indexed by name without creating a {@code String} or
 * {@link Symbol} per entry; those are created only for the entries a lookup returns.
 *
 * <p>A large binary has hundreds of thousands of symbols. As objects they cost tens of megabytes of small
 * allocations, and the garbage collector then copies them while the table is still being built; as arrays they cost a
 * few large allocations the collector does not copy. The string tables are copied into the heap, so the table keeps
 * no reference to the memory-mapped file.
 */
final class CompactSymbolTable implements SymbolTable {
  private static final SymbolVisibility[] VISIBILITIES = SymbolVisibility.values();
  private static final SymbolBinding[] BINDINGS = SymbolBinding.values();
  private static final SymbolKind[] KINDS = SymbolKind.values();

  private final String[] sectionNames;
  private final byte[][] nameTables = new byte[2][];
  private final byte[] nameTable;
  private final int[] nameFrom;
  private final int[] nameLength;
  private final int[] hashes;
  private final long[] values;
  private final long[] sizes;
  private final int[] slots;
  /** Kind ordinal in bits 0-2, binding ordinal in bits 3-4, visibility in bits 5-6. */
  private final byte[] attributes;
  /** Open-addressing slots holding the first entry of each name plus one; 0 marks a free slot. */
  private final int[] heads;
  /** Next entry with the same name, or -1. */
  private final int[] next;
  /** Last entry with the same name, valid for first entries only. */
  private final int[] tails;
  private final int mask;
  private int count;
  private int distinct;
  private int duplicates;

  private CompactSymbolTable(String[] sectionNames, int capacity) {
    this.sectionNames = sectionNames;
    nameTable = new byte[capacity];
    nameFrom = new int[capacity];
    nameLength = new int[capacity];
    hashes = new int[capacity];
    values = new long[capacity];
    sizes = new long[capacity];
    slots = new int[capacity];
    attributes = new byte[capacity];
    next = new int[capacity];
    tails = new int[capacity];
    int buckets = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
    heads = new int[buckets];
    mask = buckets - 1;
  }

  /** Reads {@code .symtab}, then the {@code .dynsym} entries whose name {@code .symtab} lacks. */
  static CompactSymbolTable build(ElfFile elf) {
    ElfSymbolReader reader = new ElfSymbolReader(elf);
    ElfSectionHeader symtab = reader.first(ElfSectionHeader.SHT_SYMTAB);
    ElfSectionHeader dynsym = reader.first(ElfSectionHeader.SHT_DYNSYM);
    ElfSymbolReader.Table staticTable = symtab == null ? null : reader.open(symtab);
    ElfSymbolReader.Table dynamicTable = dynsym == null ? null : reader.open(dynsym);
    int capacity = Math.max(0, staticTable == null ? 0 : staticTable.count() - 1)
        + Math.max(0, dynamicTable == null ? 0 : dynamicTable.count() - 1);
    String[] slotNames = new String[elf.sections.size()];
    for (int i = 0; i < slotNames.length; i++) {
      slotNames[i] = reader.sectionName(i);
    }
    CompactSymbolTable table = new CompactSymbolTable(slotNames, capacity);
    if (staticTable != null) {
      table.nameTables[0] = staticTable.strings().bytes();
      reader.decode(staticTable, staticTable.strings(), 1, staticTable.count(), table.sink(0));
    }
    if (dynamicTable != null) {
      table.nameTables[1] = dynamicTable.strings().bytes();
      reader.decode(dynamicTable, dynamicTable.strings(), 1, dynamicTable.count(), table.sink(1));
    }
    return table;
  }

  /** Returns a sink that appends entries; a dynamic entry is dropped when the static table has its name. */
  private ElfSymbolReader.EntrySink sink(int source) {
    return (index, names, from, length, kind, binding, other, slot, value, size) -> {
      int hash = hash(names, from, length);
      int bucket = find(names, from, length, hash);
      int head = heads[bucket] - 1;
      if (source == 1 && head >= 0 && nameTable[head] == 0) {
        return;
      }
      int entry = count++;
      nameTable[entry] = (byte) source;
      nameFrom[entry] = from;
      nameLength[entry] = length;
      hashes[entry] = hash;
      values[entry] = value;
      sizes[entry] = size;
      slots[entry] = slot;
      attributes[entry] = (byte) (kind.ordinal() | binding.ordinal() << 3 | (other & 3) << 5);
      next[entry] = -1;
      link(bucket, head, entry);
    };
  }

  private void link(int bucket, int head, int entry) {
    if (head < 0) {
      heads[bucket] = entry + 1;
      tails[entry] = entry;
      distinct++;
      return;
    }
    next[tails[head]] = entry;
    tails[head] = entry;
    duplicates++;
  }

  /** Returns the bucket holding this name, or the free bucket where it belongs. */
  private int find(byte[] names, int from, int length, int hash) {
    int bucket = spread(hash) & mask;
    while (heads[bucket] != 0) {
      int entry = heads[bucket] - 1;
      if (hashes[entry] == hash && nameLength[entry] == length
          && Arrays.equals(nameTables[nameTable[entry]], nameFrom[entry], nameFrom[entry] + length,
              names, from, from + length)) {
        return bucket;
      }
      bucket = (bucket + 1) & mask;
    }
    return bucket;
  }

  @Override
  public List<Symbol> lookup(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    int head = heads[find(bytes, 0, bytes.length, hash(bytes, 0, bytes.length))] - 1;
    if (head < 0) {
      return List.of();
    }
    List<Symbol> out = new ArrayList<>(1);
    for (int entry = head; entry >= 0; entry = next[entry]) {
      out.add(symbol(entry));
    }
    return List.copyOf(out);
  }

  /** Creates every symbol; costs as much as reading the table into objects, so callers should not loop on it. */
  @Override
  public List<Symbol> all() {
    List<Symbol> out = new ArrayList<>(count);
    for (int entry = 0; entry < count; entry++) {
      out.add(symbol(entry));
    }
    return List.copyOf(out);
  }

  @Override
  public int nameCount() {
    return distinct;
  }

  @Override
  public int duplicateCount() {
    return duplicates;
  }

  @Override
  public List<String> repeatedNames() {
    List<String> out = new ArrayList<>();
    for (int bucket : heads) {
      int head = bucket - 1;
      if (head >= 0 && next[head] >= 0) {
        out.add(name(head));
      }
    }
    return out;
  }

  private Symbol symbol(int entry) {
    int attribute = attributes[entry];
    int slot = slots[entry];
    return new Symbol(name(entry), values[entry], sizes[entry], KINDS[attribute & 7], BINDINGS[(attribute >>> 3) & 3],
        VISIBILITIES[(attribute >>> 5) & 3], slot != ElfSymbolReader.SLOT_UNDEFINED, sectionName(slot));
  }

  private String name(int entry) {
    return new String(nameTables[nameTable[entry]], nameFrom[entry], nameLength[entry], StandardCharsets.UTF_8);
  }

  private String sectionName(int slot) {
    switch (slot) {
      case ElfSymbolReader.SLOT_UNDEFINED: return "";
      case ElfSymbolReader.SLOT_ABSOLUTE: return Symbol.ABSOLUTE_SECTION;
      case ElfSymbolReader.SLOT_COMMON: return Symbol.COMMON_SECTION;
      case ElfSymbolReader.SLOT_UNKNOWN: return Symbol.UNKNOWN_SECTION;
      default: return sectionNames[slot];
    }
  }

  private static int hash(byte[] bytes, int from, int length) {
    int h = 0;
    for (int i = from; i < from + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  private static int spread(int hash) {
    int h = hash * 0x9e3779b9;
    return h ^ (h >>> 16);
  }
}

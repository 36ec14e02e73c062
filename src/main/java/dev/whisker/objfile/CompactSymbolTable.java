package dev.whisker.objfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The merged ELF symbol table in primitive arrays, indexed by name without creating a {@code String} or
 * {@link Symbol} per entry; those are created only for the entries a lookup returns.
 *
 * <p>A large binary has hundreds of thousands of symbols. As objects they cost tens of megabytes of small
 * allocations, which the garbage collector copies while the table is still being built. As arrays they cost a few
 * large allocations that the collector does not copy. The string tables are copied into the heap, so the table keeps
 * no reference to the memory-mapped file.
 */
final class CompactSymbolTable implements SymbolTable {
  private static final SymbolVisibility[] VISIBILITIES = SymbolVisibility.values();
  private static final SymbolBinding[] BINDINGS = SymbolBinding.values();
  private static final SymbolKind[] KINDS = SymbolKind.values();
  /** Tables with fewer entries are decoded on the calling thread; splitting costs more than it saves below this. */
  private static final int PARALLEL_THRESHOLD = 32_768;
  private static final int MAX_CHUNKS = 4;

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

  /**
   * Reads {@code .symtab}, then the {@code .dynsym} entries whose name {@code .symtab} lacks. Entries are decoded
   * (string scan, checks, hash) in parallel chunks into their final positions, then indexed on one thread.
   */
  static CompactSymbolTable build(ElfFile elf) {
    ElfSymbolReader reader = new ElfSymbolReader(elf);
    ElfSectionHeader symtab = reader.first(ElfSectionHeader.SHT_SYMTAB);
    ElfSectionHeader dynsym = reader.first(ElfSectionHeader.SHT_DYNSYM);
    ElfSymbolReader.Table staticTable = symtab == null ? null : reader.open(symtab);
    ElfSymbolReader.Table dynamicTable = dynsym == null ? null : reader.open(dynsym);
    int staticCount = staticTable == null ? 0 : Math.max(0, staticTable.count() - 1);
    int dynamicCount = dynamicTable == null ? 0 : Math.max(0, dynamicTable.count() - 1);
    String[] slotNames = new String[elf.sections.size()];
    for (int i = 0; i < slotNames.length; i++) {
      slotNames[i] = reader.sectionName(i);
    }
    CompactSymbolTable table = new CompactSymbolTable(slotNames, staticCount + dynamicCount);
    if (staticTable != null) {
      table.nameTables[0] = staticTable.strings().bytes();
      table.decode(reader, staticTable, 0, 0);
    }
    if (dynamicTable != null) {
      table.nameTables[1] = dynamicTable.strings().bytes();
      table.decode(reader, dynamicTable, 1, staticCount);
    }
    table.index(staticCount, dynamicCount);
    return table;
  }

  /** Decodes entries 1 to count-1 of {@code source} into positions {@code base} onwards. */
  private void decode(ElfSymbolReader reader, ElfSymbolReader.Table source, int sourceId, int base) {
    int count = source.count();
    int chunks = count < PARALLEL_THRESHOLD ? 1 : Math.min(MAX_CHUNKS, Runtime.getRuntime().availableProcessors());
    int step = (count + chunks - 1) / chunks;
    IntStream chunkIds = IntStream.range(0, chunks);
    (chunks > 1 ? chunkIds.parallel() : chunkIds).forEach(chunk -> {
      int from = Math.max(1, chunk * step);
      int to = Math.min(count, (chunk + 1) * step);
      StringTable strings = chunks > 1 ? source.strings().forAnotherThread() : source.strings();
      reader.decode(source, strings, from, to, (index, names, nameStart, length, hash, kind, binding, other, slot,
          value, size) -> store(base + index - 1, sourceId, nameStart, length, hash, kind, binding, other, slot, value,
          size));
    });
  }

  private void store(int entry, int source, int from, int length, int hash, SymbolKind kind, SymbolBinding binding,
      int other, int slot, long value, long size) {
    nameTable[entry] = (byte) source;
    nameFrom[entry] = from;
    nameLength[entry] = length;
    hashes[entry] = hash;
    values[entry] = value;
    sizes[entry] = size;
    slots[entry] = slot;
    attributes[entry] = (byte) (kind.ordinal() | binding.ordinal() << 3 | (other & 3) << 5);
  }

  /**
   * Indexes every static entry, then each dynamic entry whose name no static entry has, moving kept dynamic entries
   * down over dropped ones so positions stay in table order.
   */
  private void index(int staticCount, int dynamicCount) {
    for (int entry = 0; entry < staticCount; entry++) {
      insert(entry, find(entry));
    }
    count = staticCount;
    for (int entry = staticCount; entry < staticCount + dynamicCount; entry++) {
      int bucket = find(entry);
      int head = heads[bucket] - 1;
      if (head >= 0 && nameTable[head] == 0) {
        continue;
      }
      int target = count;
      moveEntry(entry, target);
      insert(target, bucket);
    }
  }

  private void insert(int entry, int bucket) {
    next[entry] = -1;
    link(bucket, heads[bucket] - 1, entry);
    count = Math.max(count, entry + 1);
  }

  private void moveEntry(int from, int to) {
    if (from == to) {
      return;
    }
    nameTable[to] = nameTable[from];
    nameFrom[to] = nameFrom[from];
    nameLength[to] = nameLength[from];
    hashes[to] = hashes[from];
    values[to] = values[from];
    sizes[to] = sizes[from];
    slots[to] = slots[from];
    attributes[to] = attributes[from];
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

  private int find(int entry) {
    return find(nameTables[nameTable[entry]], nameFrom[entry], nameLength[entry], hashes[entry]);
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
    int head = heads[find(bytes, 0, bytes.length, StringTable.hash(bytes, 0, bytes.length))] - 1;
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
  public int size() {
    return count;
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

  private static int spread(int hash) {
    int h = hash * 0x9e3779b9;
    return h ^ (h >>> 16);
  }
}

package dev.whisker.objfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Symbol table of the original binary, built once per session: O(1) lookup by name returning every copy of a name,
 * the anchor's static address, the TLS image, the architecture and the format.
 *
 * <p>Names repeat (LOCAL symbols of different crates or codegen units); every copy is kept, in table order, and
 * {@link #duplicateNames()} reports them. Immutable and safe to share between threads.
 */
public final class SymbolCache {
  /** C name of the anchor symbol the dev client exports. */
  public static final String ANCHOR_C_NAME = "whisker_aslr_anchor";

  private final Path path;
  private final ObjectFile file;
  private final NameIndex byName;

  private SymbolCache(Path path, ObjectFile file, NameIndex byName) {
    this.path = path;
    this.file = file;
    this.byName = byName;
  }

  /** Maps and parses the binary at {@code path} (the single slice of a universal file). */
  public static SymbolCache load(Path path) throws IOException {
    return of(path, ObjectFiles.read(path));
  }

  /** Maps and parses the binary at {@code path}, selecting the {@code architecture} slice of a universal file. */
  public static SymbolCache load(Path path, Architecture architecture) throws IOException {
    return of(path, ObjectFiles.read(path, architecture));
  }

  /** Indexes an already parsed file. */
  public static SymbolCache of(Path path, ObjectFile file) {
    List<Symbol> symbols = file.symbols();
    NameIndex byName = new NameIndex(symbols.size());
    for (Symbol symbol : symbols) {
      byName.add(symbol);
    }
    return new SymbolCache(path, file, byName);
  }

  public Path path() {
    return path;
  }

  public ObjectFormat format() {
    return file.format();
  }

  public Architecture architecture() {
    return file.architecture();
  }

  /** Returns every symbol in table order (ELF: {@code .symtab} first, then names only {@code .dynsym} has). */
  public List<Symbol> symbols() {
    return file.symbols();
  }

  public List<Section> sections() {
    return file.sections();
  }

  /** Number of distinct names. */
  public int nameCount() {
    return byName.size();
  }

  /** Number of entries that repeat a name already seen. */
  public int duplicateCount() {
    return byName.duplicates();
  }

  /**
   * Returns every symbol named {@code tableName} (the name as stored, with Mach-O's underscore), in table order;
   * empty when the name is absent.
   */
  public List<Symbol> lookup(String tableName) {
    return byName.get(tableName);
  }

  /** Looks up a C name, adding Mach-O's underscore when this is a Mach-O file. */
  public List<Symbol> lookupCName(String cName) {
    return lookup(file.format().tableName(cName));
  }

  /** Returns the names that occur more than once, each with all its copies. */
  public Map<String, List<Symbol>> duplicateNames() {
    Map<String, List<Symbol>> out = new HashMap<>();
    for (String name : byName.repeatedNames()) {
      out.put(name, byName.get(name));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Resolves {@code whisker_aslr_anchor} ({@code _whisker_aslr_anchor} on Mach-O). */
  public Anchor anchor() {
    return anchor(ANCHOR_C_NAME);
  }

  /**
   * Resolves an anchor by C name, such as {@code main}. Only defined copies count. A missing anchor yields address
   * 0 and a warning; several defined copies at different addresses yield the first and a warning.
   */
  public Anchor anchor(String cName) {
    String tableName = file.format().tableName(cName);
    List<Symbol> defined = new ArrayList<>();
    for (Symbol symbol : lookup(tableName)) {
      if (symbol.defined()) {
        defined.add(symbol);
      }
    }
    if (defined.isEmpty()) {
      return new Anchor(tableName, 0, Optional.of("symbol " + tableName + " is not defined in " + path
          + ", so patches for this binary cannot be dispatched: link the whisker-dev-client crate into it"
          + " and keep its symbol table (do not strip the binary)"));
    }
    long address = defined.get(0).address();
    for (Symbol other : defined) {
      if (other.address() != address) {
        return new Anchor(tableName, address, Optional.of("symbol " + tableName + " is defined " + defined.size()
            + " times in " + path + " at different addresses; using 0x" + Long.toHexString(address)));
      }
    }
    return new Anchor(tableName, address, Optional.empty());
  }

  /** Returns the TLS image of the binary, when it has thread-local storage. */
  public Optional<TlsImage> tls() {
    return file.tls();
  }

  /**
   * Computes the thread-pointer offset of a host TLS symbol for local-exec access (TLS variant II).
   *
   * @throws IllegalStateException when the binary has no TLS segment or its machine does not use variant II
   */
  public long tpoff(long symbolValue) {
    if (file.architecture() != Architecture.X86_64 && file.architecture() != Architecture.X86) {
      throw new IllegalStateException("tpoff uses TLS variant II (x86-64, x86); " + path + " is "
          + file.architecture());
    }
    TlsImage tls = file.tls().orElseThrow(() -> new IllegalStateException(
        path + " has no PT_TLS segment, so it defines no thread-local symbols"));
    return tls.tpoff(symbolValue);
  }
}

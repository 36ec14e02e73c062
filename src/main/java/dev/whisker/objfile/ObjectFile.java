package dev.whisker.objfile;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * A parsed ELF or Mach-O file: its sections, its merged symbol table and its TLS template. Immutable; it holds no
 * reference to the mapped file once parsing is done.
 *
 * @param label the path or other label used in messages
 * @param format container format
 * @param architecture the machine
 * @param byteOrder byte order of the file's fields
 * @param relocatable true for ELF {@code ET_REL} and Mach-O {@code MH_OBJECT}
 * @param sections every section, in header order (ELF index 0 excluded)
 * @param symbols ELF: {@code .symtab} entries, then {@code .dynsym} entries whose name {@code .symtab} lacks; Mach-O:
 *     {@code LC_SYMTAB} entries without debugging ({@code N_STAB}) entries. Each list excludes the ELF null symbol.
 * @param tls the TLS template, when the file has one
 */
public record ObjectFile(
    String label,
    ObjectFormat format,
    Architecture architecture,
    ByteOrder byteOrder,
    boolean relocatable,
    List<Section> sections,
    List<Symbol> symbols,
    Optional<TlsImage> tls) {

  public ObjectFile {
    sections = List.copyOf(sections);
    symbols = List.copyOf(symbols);
  }
}

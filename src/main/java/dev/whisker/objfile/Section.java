package dev.whisker.objfile;

/**
 * One section, the same projection for ELF section headers and Mach-O {@code section_64} entries.
 *
 * @param name ELF section name, or Mach-O {@code segname,sectname} such as {@code __TEXT,__text}
 * @param address {@code sh_addr} or {@code addr}
 * @param size size in memory, {@code sh_size} or {@code size}
 * @param fileOffset where the contents start in the file (for a universal file, in the whole file)
 * @param fileSize bytes present in the file: 0 for {@code SHT_NOBITS} and Mach-O zero-fill sections
 * @param executable holds instructions ({@code SHF_EXECINSTR}, or Mach-O {@code S_ATTR_*_INSTRUCTIONS})
 * @param writable {@code SHF_WRITE}, or a Mach-O section outside {@code __TEXT}
 * @param threadLocal holds a TLS template ({@code SHF_TLS}, or a Mach-O {@code S_THREAD_LOCAL_*} section)
 */
public record Section(
    String name,
    long address,
    long size,
    long fileOffset,
    long fileSize,
    boolean executable,
    boolean writable,
    boolean threadLocal) {}

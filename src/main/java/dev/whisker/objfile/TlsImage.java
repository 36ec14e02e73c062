package dev.whisker.objfile;

import java.util.Arrays;

/**
 * Geometry and initial contents of a module's static TLS block: the ELF {@code PT_TLS} segment, or for files without
 * program headers the {@code .tdata}/{@code .tbss} (Mach-O {@code __thread_data}/{@code __thread_bss}) sections.
 *
 * @param virtualAddress {@code p_vaddr}
 * @param memorySize {@code p_memsz}: initialised plus zero-filled bytes
 * @param alignment {@code p_align}; 0 and 1 both mean no alignment
 * @param fileSize {@code p_filesz}: bytes of initial data
 * @param initialData the {@code p_filesz} bytes of initial data
 */
public record TlsImage(long virtualAddress, long memorySize, long alignment, long fileSize, byte[] initialData) {

  public TlsImage {
    initialData = initialData.clone();
  }

  @Override
  public byte[] initialData() {
    return initialData.clone();
  }

  /**
   * Computes the thread-pointer offset of a TLS symbol in the executable's block for TLS variant II (x86-64, x86),
   * the value the linker writes for a local-exec access:
   * {@code value - memsz - ((-vaddr - memsz) & (align - 1))}. The result is negative because the block lies below
   * the thread pointer. The same formula is used by LLD and GNU ld for the main executable.
   *
   * @param symbolValue the symbol's {@code st_value}, an offset inside the TLS template
   */
  public long tpoff(long symbolValue) {
    long mask = alignment <= 1 ? 0 : alignment - 1;
    return symbolValue - memorySize - ((-virtualAddress - memorySize) & mask);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TlsImage that
        && virtualAddress == that.virtualAddress
        && memorySize == that.memorySize
        && alignment == that.alignment
        && fileSize == that.fileSize
        && Arrays.equals(initialData, that.initialData);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(virtualAddress) * 31 + Arrays.hashCode(initialData);
  }

  @Override
  public String toString() {
    return "TlsImage[vaddr=0x" + Long.toHexString(virtualAddress) + ", memsz=" + memorySize + ", align=" + alignment
        + ", filesz=" + fileSize + "]";
  }
}

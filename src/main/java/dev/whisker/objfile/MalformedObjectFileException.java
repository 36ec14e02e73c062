package dev.whisker.objfile;

/**
 * Raised when an object file cannot be parsed: truncated data, an offset or size outside the file, a string
 * index outside its table, or an unsupported class, byte order or machine.
 *
 * <p>The message names the file, the structure, the field, the file offset of that field and the expected and
 * actual values, so a user can check the claim with {@code readelf} or {@code llvm-readobj}. The readers throw no
 * other exception for bad input.
 */
public final class MalformedObjectFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String structure;
  private final String field;
  private final long offset;

  /**
   * Creates the exception.
   *
   * @param file label of the input, usually its path
   * @param structure spec name of the structure, such as {@code Elf64_Shdr[3]}
   * @param field spec name of the field, such as {@code sh_offset}
   * @param offset file offset of the field, or -1 when the problem has no single offset
   * @param expected what a well-formed file contains there
   * @param actual what the file contains
   */
  public MalformedObjectFileException(
      String file, String structure, String field, long offset, String expected, String actual) {
    super(file + ": invalid " + structure + "." + field
        + (offset >= 0 ? " at offset 0x" + Long.toHexString(offset) : "")
        + ": expected " + expected + ", found " + actual);
    this.file = file;
    this.structure = structure;
    this.field = field;
    this.offset = offset;
  }

  /** Label of the input, usually its path. */
  public String file() {
    return file;
  }

  /** Spec name of the structure that failed validation. */
  public String structure() {
    return structure;
  }

  /** Spec name of the field that failed validation. */
  public String field() {
    return field;
  }

  /** File offset of the field, or -1 when the problem has no single offset. */
  public long offset() {
    return offset;
  }
}

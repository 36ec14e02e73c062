package dev.whisker.objfile;

/** One {@code section_64} of a Mach-O {@code LC_SEGMENT_64} command, with its 1-based ordinal. */
record MachOSection(
    int ordinal,
    long headerOffset,
    String sectname,
    String segname,
    long addr,
    long size,
    long offset,
    long align,
    long flags) {

  static final int S_ZEROFILL = 0x1;
  static final int S_GB_ZEROFILL = 0xc;
  static final int S_THREAD_LOCAL_REGULAR = 0x11;
  static final int S_THREAD_LOCAL_ZEROFILL = 0x12;
  static final int S_THREAD_LOCAL_VARIABLES = 0x13;
  static final int S_THREAD_LOCAL_VARIABLE_POINTERS = 0x14;
  static final int S_THREAD_LOCAL_INIT_FUNCTION_POINTERS = 0x15;
  static final long S_ATTR_PURE_INSTRUCTIONS = 0x80000000L;
  static final long S_ATTR_SOME_INSTRUCTIONS = 0x400L;

  int type() {
    return (int) (flags & 0xff);
  }

  boolean zeroFill() {
    int type = type();
    return type == S_ZEROFILL || type == S_GB_ZEROFILL || type == S_THREAD_LOCAL_ZEROFILL;
  }

  boolean executable() {
    return (flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS)) != 0;
  }

  boolean threadLocal() {
    int type = type();
    return type >= S_THREAD_LOCAL_REGULAR && type <= S_THREAD_LOCAL_INIT_FUNCTION_POINTERS;
  }

  String name() {
    return segname + "," + sectname;
  }

  String structure() {
    return "section_64 [" + ordinal + "] " + name();
  }

  Section toSection(long base) {
    return new Section(name(), addr, size, zeroFill() ? 0 : base + offset, zeroFill() ? 0 : size, executable(),
        !"__TEXT".equals(segname), threadLocal());
  }
}

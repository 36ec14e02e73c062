package dev.whisker.objfile;

/** Architecture-neutral assembly for ELF fixtures of other machines and byte orders, built with llvm-mc. */
final class ElfAssembly {
  static final String SOURCE = String.join("\n",
      ".text",
      ".globl plain_name",
      ".type plain_name,%function",
      "plain_name:",
      ".byte 0,0,0,0",
      ".size plain_name, 4",
      ".globl plain_name.llvm.12345",
      ".type plain_name.llvm.12345,%function",
      "plain_name.llvm.12345:",
      ".byte 0,0,0,0",
      ".size plain_name.llvm.12345, 4",
      ".weak weak_function",
      ".type weak_function,%function",
      "weak_function:",
      ".byte 0,0,0,0",
      ".data",
      ".globl unique_object",
      ".type unique_object,%gnu_unique_object",
      "unique_object:",
      ".long 1",
      ".size unique_object, 4",
      ".globl data_object",
      ".type data_object,%object",
      "data_object:",
      ".long undefined_reference",
      ".size data_object, 4",
      ".section .tdata,\"awT\",%progbits",
      ".p2align 2",
      ".globl tls_value",
      ".type tls_value,%tls_object",
      "tls_value:",
      ".long 5",
      ".size tls_value, 4",
      ".section .tbss,\"awT\",%nobits",
      ".p2align 2",
      ".type tls_zero,%tls_object",
      "tls_zero:",
      ".zero 8",
      ".size tls_zero, 8",
      "");

  private ElfAssembly() {}

  static Architecture architecture(String triple) {
    if (triple.startsWith("i386")) {
      return Architecture.X86;
    }
    if (triple.startsWith("arm")) {
      return Architecture.ARM;
    }
    if (triple.startsWith("aarch64")) {
      return Architecture.AARCH64;
    }
    if (triple.startsWith("riscv")) {
      return Architecture.RISCV;
    }
    return Architecture.X86_64;
  }
}

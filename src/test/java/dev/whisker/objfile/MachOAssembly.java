package dev.whisker.objfile;

/** Mach-O fixture sources for llvm-mc: functions, data, zero-fill, weak, private-external and TLS symbols. */
final class MachOAssembly {
  private MachOAssembly() {}

  /** Returns the source for {@code arm64} or {@code x86_64}; {@code nop} differs per machine. */
  static String source(String machine) {
    String nop = machine.equals("arm64") ? "nop" : "nop; nop; nop; nop";
    return String.join("\n",
        ".section __TEXT,__text,regular,pure_instructions",
        ".globl _public_function",
        "_public_function:",
        nop,
        ".globl _weak_function",
        ".weak_definition _weak_function",
        "_weak_function:",
        nop,
        ".private_extern _hidden_function",
        ".globl _hidden_function",
        "_hidden_function:",
        nop,
        "_local_function:",
        nop,
        ".globl _whisker_aslr_anchor",
        "_whisker_aslr_anchor:",
        nop,
        ".globl _renamed.llvm.4242",
        "_renamed.llvm.4242:",
        nop,
        ".section __DATA,__data",
        ".globl _data_object",
        ".p2align 3",
        "_data_object:",
        ".quad _undefined_reference",
        ".zerofill __DATA,__bss,_zero_object,16,3",
        ".section __DATA,__thread_data,thread_local_regular",
        ".p2align 2",
        "_tls_value$tlv$init:",
        ".long 9",
        ".tbss _tls_zero$tlv$init, 8, 3",
        ".section __DATA,__thread_vars,thread_local_variables",
        ".globl _tls_value",
        "_tls_value:",
        ".quad __tlv_bootstrap",
        ".quad 0",
        ".quad _tls_value$tlv$init",
        ".subsections_via_symbols",
        "");
  }
}

package dev.whisker.objfile;

import java.nio.file.Path;

/**
 * A small Rust program built twice as the hot-patch pipeline does: once as the host executable (with
 * {@code -C link-dead-code}) and once as a thin object with {@code -C relocation-model=static -C code-model=large}.
 * Both builds use the same crate name and no {@code -C metadata}, so their mangled names match.
 */
final class ThinObjects {
  static final String SOURCE = String.join("\n",
      "use std::cell::Cell;",
      "use std::collections::HashMap;",
      "static mut COUNTER: u64 = 1;",
      "pub static TABLE: [u32; 4] = [1, 2, 3, 4];",
      "static mut ZEROED: [u8; 64] = [0; 64];",
      "thread_local! { static LOCAL: Cell<u64> = const { Cell::new(3) }; }",
      "#[inline(never)]",
      "fn bump(n: u64) -> u64 {",
      "    let mut map = HashMap::new();",
      "    map.insert(n, n + 1);",
      "    unsafe { COUNTER += n; ZEROED[0] = 1; }",
      "    LOCAL.with(|c| c.set(c.get() + n));",
      "    let r = std::panic::catch_unwind(|| { if n > 100 { panic!(\"big\") } n });",
      "    r.unwrap_or(0) + map[&n] + TABLE[1] as u64 + unsafe { COUNTER }",
      "}",
      "fn main() { println!(\"{}\", bump(std::env::args().count() as u64)); }",
      "");

  private ThinObjects() {}

  static synchronized Path host() {
    Path directory = Fixtures.dir("thin");
    Fixtures.write(directory.resolve("patched.rs"), SOURCE);
    Path out = directory.resolve("host");
    Tools.run(directory, "rustc", "--edition", "2021", "--crate-type", "bin", "--crate-name", "patched",
        "-C", "link-dead-code", "-C", "opt-level=0", "-o", out.toString(), "patched.rs");
    return out;
  }

  /** Compiles a fresh thin object into {@code directory}. */
  static Path thin(Path directory) {
    Path source = directory.resolve("patched.rs");
    Fixtures.write(source, SOURCE);
    Path out = directory.resolve("patched.o");
    Tools.run(directory, "rustc", "--edition", "2021", "--crate-type", "bin", "--crate-name", "patched",
        "--emit=obj", "-C", "relocation-model=static", "-C", "code-model=large", "-C", "opt-level=0",
        "-C", "link-dead-code", "-C", "codegen-units=1", "-o", out.toString(), source.toString());
    return out;
  }
}

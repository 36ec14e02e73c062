package dev.whisker.objfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real object files built by the local toolchain, once per test JVM, under {@code target/objfile-fixtures}. Cargo's
 * own up-to-date check keeps repeated runs fast; every other fixture is rebuilt per JVM.
 */
final class Fixtures {
  static final Path ROOT = Path.of("target", "objfile-fixtures").toAbsolutePath();

  private static final String C_SOURCE = String.join("\n",
      "int global_counter = 3;",
      "static int local_counter = 4;",
      "__thread int tls_value = 9;",
      "__thread long tls_zero;",
      "int whisker_aslr_anchor = 1;",
      "__attribute__((weak)) int weak_function(void) { return 1; }",
      "__attribute__((visibility(\"hidden\"))) int hidden_function(void) { return 2; }",
      "extern int external_function(void);",
      "int call_external(void) { return external_function() + local_counter; }",
      "int read_tls(void) { return tls_value + (int) tls_zero; }",
      "static int duplicate(void) { return 5; }",
      "int use_first_duplicate(void) { return duplicate(); }",
      "");
  private static final String C_SECOND_SOURCE = String.join("\n",
      "static int duplicate(void) { return 6; }",
      "int use_second_duplicate(void) { return duplicate(); }",
      "");

  private static final String RUST_BIN = String.join("\n",
      "use std::cell::Cell;",
      "#[no_mangle]",
      "#[used]",
      "pub static whisker_aslr_anchor: u8 = 0;",
      "static mut GLOBAL_COUNTER: u64 = 5;",
      "thread_local! { static PER_THREAD: Cell<u64> = Cell::new(7); }",
      "#[inline(never)]",
      "fn helper(value: u64) -> u64 { value.wrapping_mul(3) }",
      "fn main() {",
      "    let argc = std::env::args().count() as u64;",
      "    unsafe { GLOBAL_COUNTER += helper(argc); }",
      "    PER_THREAD.with(|cell| cell.set(cell.get() + argc));",
      "    println!(\"{}\", PER_THREAD.with(|cell| cell.get()) + unsafe { GLOBAL_COUNTER });",
      "}",
      "");
  private static final String RUST_CDYLIB = String.join("\n",
      "#[no_mangle]",
      "pub extern \"C\" fn whisker_add(a: i32, b: i32) -> i32 { a.wrapping_add(b) }",
      "#[no_mangle]",
      "pub static whisker_aslr_anchor: u8 = 0;",
      "");

  /** Outputs already built by this JVM. */
  private static final java.util.Set<Path> BUILT = new java.util.HashSet<>();

  private Fixtures() {}

  /** Returns {@code fixture.o}: the C source compiled with {@code cc -c -fPIC -O0}. */
  static synchronized Path cObject() {
    Path out = dir("c").resolve("fixture.o");
    if (BUILT.add(out)) {
      writeC();
      Tools.run(dir("c"), "cc", "-c", "-fPIC", "-O0", "-o", out.toString(), "fixture.c");
    }
    return out;
  }

  /** Returns {@code libfixture.so} from both C sources (so {@code duplicate} appears twice). */
  static synchronized Path cSharedLibrary() {
    Path out = dir("c").resolve("libfixture.so");
    if (BUILT.add(out)) {
      writeC();
      Tools.run(dir("c"), "cc", "-shared", "-fPIC", "-O0", "-o", out.toString(), "fixture.c", "second.c");
    }
    return out;
  }

  /** Returns a copy of {@link #cSharedLibrary()} with {@code .symtab} removed by {@code strip}. */
  static synchronized Path cSharedLibraryStripped() {
    Path out = dir("c").resolve("libfixture-stripped.so");
    if (BUILT.add(out)) {
      Tools.run(dir("c"), "strip", "-o", out.toString(), cSharedLibrary().toString());
    }
    return out;
  }

  /** Returns a non-PIE C executable whose {@code read_tls} uses local-exec TLS access. */
  static synchronized Path cExecutable() {
    Path out = dir("c").resolve("fixture-exe");
    if (BUILT.add(out)) {
      writeC();
      write(dir("c").resolve("main.c"), "int external_function(void) { return 0; }\n"
          + "int read_tls(void);\nint main(void) { return read_tls(); }\n");
      Tools.run(dir("c"), "cc", "-O1", "-fno-pie", "-no-pie", "-o", out.toString(), "fixture.c", "main.c");
    }
    return out;
  }

  /** Returns the Rust bin built with cargo in {@code profile} ("dev" or "release"), optionally stripped. */
  static synchronized Path rustBin(String profile, boolean stripped) {
    Path crate = rustCrate("fixture-bin", "[[bin]]\nname = \"fixture-bin\"\npath = \"src/main.rs\"\n",
        "main.rs", RUST_BIN);
    Path built = cargoBuild(crate, profile).resolve("fixture-bin");
    if (!stripped) {
      return built;
    }
    Path out = crate.resolve("fixture-bin-" + profile + "-stripped");
    if (BUILT.add(out)) {
      Tools.run(crate, "strip", "-o", out.toString(), built.toString());
    }
    return out;
  }

  /** Returns the Rust cdylib built with cargo in {@code profile}. */
  static synchronized Path rustCdylib(String profile) {
    Path crate = rustCrate("fixture-cdylib", "[lib]\ncrate-type = [\"cdylib\"]\npath = \"src/lib.rs\"\n",
        "lib.rs", RUST_CDYLIB);
    return cargoBuild(crate, profile).resolve("libfixture_cdylib.so");
  }

  /**
   * Assembles {@code source} with {@code llvm-mc-14} for {@code triple} (for example {@code arm64-apple-macos} or
   * {@code i386-linux-gnu}).
   */
  static synchronized Path assemble(String name, String triple, String source) {
    Path directory = dir("asm");
    Path input = directory.resolve(name + ".s");
    Path out = directory.resolve(name + ".o");
    write(input, source);
    Tools.run(directory, "llvm-mc-14", "-triple=" + triple, "-filetype=obj", "-o", out.toString(),
        input.toString());
    return out;
  }

  private static Path cargoBuild(Path crate, String profile) {
    Tools.run(crate, "cargo", "build", "--offline", "--quiet", "--profile", profile,
        "--target-dir", crate.resolve("target").toString());
    return crate.resolve("target").resolve(profile.equals("dev") ? "debug" : profile);
  }

  private static Path rustCrate(String name, String targetSection, String file, String source) {
    Path crate = dir(name);
    write(crate.resolve("Cargo.toml"), "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n"
        + targetSection + "\n[workspace]\n");
    write(crate.resolve("src").resolve(file), source);
    return crate;
  }

  private static void writeC() {
    write(dir("c").resolve("fixture.c"), C_SOURCE);
    write(dir("c").resolve("second.c"), C_SECOND_SOURCE);
  }

  static Path dir(String name) {
    Path directory = ROOT.resolve(name);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return directory;
  }

  /** Writes {@code text} unless the file already holds it, so cargo sees no change between runs. */
  static void write(Path path, String text) {
    try {
      Files.createDirectories(path.getParent());
      if (Files.exists(path) && Files.readString(path).equals(text)) {
        return;
      }
      Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

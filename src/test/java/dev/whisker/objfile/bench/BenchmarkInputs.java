package dev.whisker.objfile.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files the benchmarks load. {@code rustc_driver} is the Rust toolchain's {@code librustc_driver-*.so} (override with
 * {@code -Dobjfile.bench.rustcDriver=PATH}); {@code debug_bin} is the debug Rust binary the tests build (override
 * with {@code -Dobjfile.bench.debugBinary=PATH}).
 */
final class BenchmarkInputs {
  static final Path DEBUG_BINARY = Path.of("target", "objfile-fixtures", "fixture-bin", "target", "debug",
      "fixture-bin");

  private BenchmarkInputs() {}

  static Path resolve(String name) {
    Path path = name.equals("rustc_driver") ? rustcDriver() : debugBinary();
    if (path == null || !Files.isRegularFile(path)) {
      throw new IllegalStateException("benchmark input " + name + " not found at " + path
          + "; run 'mvn test -Dtest=ElfReaderTest' first to build the debug binary, or set -Dobjfile.bench."
          + (name.equals("rustc_driver") ? "rustcDriver" : "debugBinary") + "=PATH");
    }
    return path;
  }

  private static Path debugBinary() {
    String configured = System.getProperty("objfile.bench.debugBinary");
    return configured != null ? Path.of(configured) : DEBUG_BINARY.toAbsolutePath();
  }

  private static Path rustcDriver() {
    String configured = System.getProperty("objfile.bench.rustcDriver");
    if (configured != null) {
      return Path.of(configured);
    }
    Path toolchains = Path.of(System.getProperty("user.home"), ".rustup", "toolchains");
    for (Path root : List.of(toolchains, Path.of("/usr/lib"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.find(root, 4,
          (path, attributes) -> path.getFileName().toString().matches("librustc_driver-.*\\.so"))) {
        Path found = files.sorted().reduce((first, second) -> second.toString().contains("/stable-") ? second : first)
            .orElse(null);
        if (found != null) {
          return found;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return null;
  }
}

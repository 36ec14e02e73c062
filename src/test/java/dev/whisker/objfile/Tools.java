package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real toolchain (cc, cargo, nm, llvm-*) for fixtures and cross-checks, with a bounded wait. */
final class Tools {
  private static final long TIMEOUT_SECONDS = 600;

  private Tools() {}

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code command} in {@code directory} and returns its output; fails the test on a non-zero exit. */
  static String run(Path directory, String... command) {
    Result result = runAllowingFailure(directory, command);
    assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed:\n" + result.stderr());
    return result.stdout();
  }

  static Result runAllowingFailure(Path directory, String... command) {
    try {
      Path out = Files.createTempFile("objfile-tool", ".out");
      Path err = Files.createTempFile("objfile-tool", ".err");
      try {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " timed out after " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command[0], e);
    }
  }

  /** Skips the test when {@code tool} is not on the PATH. */
  static void assumeTool(String tool) {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        found = true;
      }
    }
    assumeTrue(found, tool + " is not on the PATH");
  }

  static List<String> lines(String text) {
    return text.lines().filter(line -> !line.isBlank()).toList();
  }
}

package dev.whisker.objfile.bench;

import dev.whisker.objfile.RelocatableEdit;
import dev.whisker.objfile.RelocatableEditor;
import dev.whisker.objfile.RelocatableSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thin-object edits and the symbol summary on a generated 13 MB object: 4,000 functions that each use a HashMap and
 * a static, and 80 thread-locals, compiled by rustc with {@code -C relocation-model=static -C code-model=large}.
 * The edit runs on a fresh copy of the bytes each time, with every static treated as host data and every TLS symbol
 * resolved, and with the {@code .eh_frame} rewrite on.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThinObjectEditBenchmark {
  private static final int FUNCTIONS = 4_000;
  private static final int THREAD_LOCAL_EVERY = 50;

  private Path object;
  private byte[] original;
  private byte[] copy;
  private final RelocatableEdit edit =
      new RelocatableEdit(name -> true, name -> OptionalLong.of(-64), true);

  @Setup(Level.Trial)
  public void compile() throws IOException, InterruptedException {
    Path directory = Path.of("target", "objfile-fixtures", "bench-thin").toAbsolutePath();
    Files.createDirectories(directory);
    object = directory.resolve("big.o");
    if (!Files.exists(object)) {
      Path source = directory.resolve("big.rs");
      Files.writeString(source, source());
      Process rustc = new ProcessBuilder("rustc", "--edition", "2021", "--crate-type", "bin", "--crate-name", "big",
          "--emit=obj", "-C", "relocation-model=static", "-C", "code-model=large", "-C", "opt-level=0",
          "-C", "link-dead-code", "-C", "codegen-units=1", "-o", object.toString(), source.toString())
          .inheritIO().start();
      if (!rustc.waitFor(600, TimeUnit.SECONDS) || rustc.exitValue() != 0) {
        rustc.destroyForcibly();
        throw new IllegalStateException("rustc failed to compile the benchmark object " + source);
      }
    }
    original = Files.readAllBytes(object);
  }

  @Setup(Level.Invocation)
  public void freshCopy() {
    copy = original.clone();
  }

  @Benchmark
  public RelocatableEdit.Result edit() {
    return RelocatableEditor.edit("big.o", copy, edit);
  }

  @Benchmark
  public RelocatableSymbols summary() throws IOException {
    return RelocatableSymbols.of(List.of(object));
  }

  private static String source() {
    StringBuilder out = new StringBuilder("use std::cell::Cell;\nuse std::collections::HashMap;\n");
    for (int i = 0; i < FUNCTIONS; i++) {
      out.append("static mut S").append(i).append(": u64 = ").append(i).append(";\n");
      if (i % THREAD_LOCAL_EVERY == 0) {
        out.append("thread_local! { static T").append(i).append(": Cell<u64> = const { Cell::new(0) }; }\n");
      }
      out.append("#[inline(never)] pub fn f").append(i).append("(x: u64) -> u64 { let mut m = HashMap::new(); ")
          .append("m.insert(x, ").append(i).append("u64); unsafe { S").append(i).append(" += x; } m[&x] + unsafe { S")
          .append(i).append(" } }\n");
    }
    out.append("fn main() {\n  let mut t = 0u64;\n");
    for (int i = 0; i < FUNCTIONS; i++) {
      out.append("  t += f").append(i).append("(t);\n");
      if (i % THREAD_LOCAL_EVERY == 0) {
        out.append("  T").append(i).append(".with(|c| c.set(c.get() + t));\n");
      }
    }
    return out.append("  println!(\"{}\", t);\n}\n").toString();
  }
}

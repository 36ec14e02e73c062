package dev.whisker.objfile.bench;

import dev.whisker.objfile.SymbolCache;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Symbol-cache load time against {@code nm} on the same file.
 *
 * <ul>
 *   <li>{@code warmLoad}: average time of a full load after JIT warm-up.
 *   <li>{@code coldLoad}: one load in each fresh JVM (single shot, no warm-up), the first load a dev session pays.
 *   <li>{@code nm}: wall time of {@code nm FILE > /dev/null}, the external baseline.
 * </ul>
 *
 * Peak heap of one load in a fresh JVM is printed by {@link #main}, run separately (see docs/object-files.md).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SymbolCacheBenchmark {
  @Param({"rustc_driver", "debug_bin"})
  public String input;

  private Path path;

  @Setup(Level.Trial)
  public void locate() {
    path = BenchmarkInputs.resolve(input);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 5, time = 2)
  @Measurement(iterations = 5, time = 2)
  @Fork(1)
  public SymbolCache warmLoad() throws IOException {
    return SymbolCache.load(path);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(5)
  public SymbolCache coldLoad() throws IOException {
    return SymbolCache.load(path);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 5, time = 2)
  @Fork(1)
  public int nm() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("nm", path.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("nm did not finish within 60 s on " + path);
    }
    return process.exitValue();
  }

  /**
   * Loads {@code args[0]} ("rustc_driver" or "debug_bin") once in this JVM and prints the load time and the peak
   * usage summed over the heap memory pools.
   */
  public static void main(String[] args) throws IOException {
    Path path = BenchmarkInputs.resolve(args.length > 0 ? args[0] : "rustc_driver");
    long start = System.nanoTime();
    SymbolCache cache = SymbolCache.load(path);
    long elapsed = System.nanoTime() - start;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("%s: %d symbols, %d names, first load %.1f ms, peak heap %.1f MB%n", path,
        cache.symbols().size(), cache.nameCount(), elapsed / 1e6, peak / 1048576.0);
  }
}

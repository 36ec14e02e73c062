package dev.whisker.objfile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of the readers and of the thin-object editor from real seeds: every mutated input must parse (or
 * be edited) or raise {@link MalformedObjectFileException}, and no batch may run long enough to suggest a hang. The default run uses
 * {@value #DEFAULT_INPUTS} inputs per format; {@code -Pheavy} adds a run of {@value #HEAVY_INPUTS}. Override with
 * {@code -Dobjfile.fuzz.inputs=N} and reproduce a failure with {@code -Dobjfile.fuzz.seed=S}.
 */
class MutationFuzzTest {
  static final int DEFAULT_INPUTS = 2_000;
  static final int HEAVY_INPUTS = 100_000;
  private static final int BATCH = 1_000;
  /** Generous bound per batch; a hang, not slowness, is what it catches. */
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(120);
  private static final long[] INTERESTING = {
    0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE, -1,
    Long.MIN_VALUE, 1L << 32, 1L << 40
  };

  @Test
  void elfMutations() throws IOException {
    run(elfSeeds(), inputs(DEFAULT_INPUTS), seed());
  }

  @Test
  void machOMutations() throws IOException {
    run(machOSeeds(), inputs(DEFAULT_INPUTS), seed() + 1);
  }

  @Test
  void thinObjectEditMutations(@TempDir Path dir) throws IOException {
    runEdits(read(ThinObjects.thin(dir), Fixtures.cObject()), inputs(DEFAULT_INPUTS), seed() + 4);
  }

  @Test
  @Tag("heavy")
  void thinObjectEditMutationsHeavy(@TempDir Path dir) throws IOException {
    runEdits(read(ThinObjects.thin(dir), Fixtures.cObject()), HEAVY_INPUTS, seed() + 5);
  }

  @Test
  @Tag("heavy")
  void elfMutationsHeavy() throws IOException {
    run(elfSeeds(), HEAVY_INPUTS, seed() + 2);
  }

  @Test
  @Tag("heavy")
  void machOMutationsHeavy() throws IOException {
    run(machOSeeds(), HEAVY_INPUTS, seed() + 3);
  }

  static List<byte[]> elfSeeds() throws IOException {
    Path stub = Fixtures.dir("fuzz").resolve("stub.o");
    ElfStubWriterTest.sample(Architecture.X86_64).write(stub);
    return read(Fixtures.cObject(), Fixtures.cSharedLibrary(),
        Fixtures.assemble("elf-armebv7", "armebv7-linux-gnueabi", ElfAssembly.SOURCE), stub);
  }

  static List<byte[]> machOSeeds() throws IOException {
    return read(MachOReaderTest.object("arm64"), MachOReaderTest.object("x86_64"), MachOReaderTest.universal());
  }

  private static List<byte[]> read(Path... paths) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path path : paths) {
      out.add(Files.readAllBytes(path));
    }
    return out;
  }

  private static int inputs(int fallback) {
    return Integer.getInteger("objfile.fuzz.inputs", fallback);
  }

  private static long seed() {
    return Long.getLong("objfile.fuzz.seed", 20_261_204L);
  }

  private static void run(List<byte[]> seeds, int inputs, long seed) {
    Random random = new Random(seed);
    for (int done = 0; done < inputs; done += BATCH) {
      int count = Math.min(BATCH, inputs - done);
      int first = done;
      assertTimeoutPreemptively(BATCH_TIMEOUT, () -> {
        for (int i = 0; i < count; i++) {
          byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
          parseAll("fuzz seed " + seed + " input " + (first + i), input);
        }
      }, () -> "batch starting at input " + first + " with seed " + seed + " did not finish");
    }
  }

  private static void runEdits(List<byte[]> seeds, int inputs, long seed) {
    Random random = new Random(seed);
    RelocatableEdit edit = new RelocatableEdit(name -> true, name -> OptionalLong.of(-64), true);
    for (int done = 0; done < inputs; done += BATCH) {
      int count = Math.min(BATCH, inputs - done);
      int first = done;
      assertTimeoutPreemptively(BATCH_TIMEOUT, () -> {
        for (int i = 0; i < count; i++) {
          byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
          try {
            RelocatableEditor.edit("fuzz seed " + seed + " input " + (first + i), input, edit);
          } catch (MalformedObjectFileException expected) {
            // The only format outcome besides success.
          } catch (IllegalArgumentException wrongKind) {
            assertTrue(wrongKind.getMessage().contains("only thin objects"), wrongKind.getMessage());
          }
        }
      }, () -> "edit batch starting at input " + first + " with seed " + seed + " did not finish");
    }
  }

  /** Parses {@code input} through every reader entry point; only the format exception may escape. */
  static void parseAll(String label, byte[] input) {
    try {
      List<Architecture> architectures = ObjectFiles.architectures(label, ByteBuffer.wrap(input));
      for (Architecture architecture : architectures) {
        ObjectFile file = ObjectFiles.parse(label, ByteBuffer.wrap(input), architecture);
        SymbolCache cache = SymbolCache.of(Path.of(label), file);
        cache.anchor();
        file.tls().ifPresent(TlsImage::initialData);
      }
    } catch (MalformedObjectFileException expected) {
      // The only outcome besides success.
    }
  }

  static byte[] mutate(byte[] seed, Random random) {
    byte[] out = seed.clone();
    int strategy = random.nextInt(10);
    if (strategy == 0) {
      return Arrays.copyOf(out, random.nextInt(out.length + 1));
    }
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int position = position(out.length, random);
      if (strategy < 5) {
        out[position] ^= (byte) (1 << random.nextInt(8));
      } else {
        writeField(out, position, INTERESTING[random.nextInt(INTERESTING.length)], 1 << random.nextInt(4));
      }
    }
    return out;
  }

  /** Favours the header at the start and the section or symbol tables near the end, where offsets live. */
  private static int position(int length, Random random) {
    int region = random.nextInt(3);
    if (region == 0) {
      return random.nextInt(Math.min(length, 512));
    }
    if (region == 1) {
      int tail = Math.min(length, 4096);
      return length - 1 - random.nextInt(tail);
    }
    return random.nextInt(length);
  }

  private static void writeField(byte[] out, int position, long value, int width) {
    int start = Math.min(position, out.length - width);
    if (start < 0) {
      return;
    }
    for (int i = 0; i < width; i++) {
      out[start + i] = (byte) (value >>> (8 * i));
    }
  }
}

package dev.whisker.bench;

import dev.whisker.server.PatchFrame;
import dev.whisker.server.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding cost of the frame that {@link BroadcastBenchmark} sends (1 MiB library, 504-pair jump table), the part of
 * a broadcast that does not depend on the number of clients. {@code WhiskerServer.sendPatch} encodes each frame once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class PatchEncodeBenchmark {

    private PatchFrame frame;

    /** Builds the same frame as the broadcast benchmark. */
    @Setup
    public void buildFrame() {
        byte[] library = new byte[1 << 20];
        new Random(42).nextBytes(library);
        List<long[]> map = new ArrayList<>();
        for (long i = 0; i < 504; i++) {
            map.add(new long[] {0x1_0000 + 64 * i, 0x2_0000 + 64 * i});
        }
        frame = new PatchFrame(1, "patch-1.so", map, 0x5555_5555_4000L, 0x4000, library);
    }

    /** Encodes the header and copies the library into one binary message. */
    @Benchmark
    public byte[] encode() {
        return WireCodec.encodePatch(frame);
    }
}

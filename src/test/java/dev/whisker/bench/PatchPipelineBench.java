package dev.whisker.bench;

import dev.whisker.hotpatch.CaptureStore;
import dev.whisker.hotpatch.CompileFailed;
import dev.whisker.hotpatch.NeedsFullReload;
import dev.whisker.hotpatch.PatchArtifact;
import dev.whisker.hotpatch.PatchOutcome;
import dev.whisker.hotpatch.PatchResult;
import dev.whisker.hotpatch.Patcher;
import dev.whisker.hotpatch.PatcherOptions;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.server.PatchFrame;
import dev.whisker.server.WireCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-step times of the patch pipeline ({@link Patcher#build}) on a crate that {@code mvn whisker:run} has
 * fat-built, without the watcher, the endpoint or a running app.
 *
 * <p>Usage: {@code PatchPipelineBench PROJECT_DIR FIND [EDITS [WARMUP]]}. The project is one that the
 * save-to-applied harness ran the goal on, so {@code PROJECT_DIR/target/whisker/capture} contains the capture of
 * the fat build. Each edit appends a new token to the text {@code FIND} in {@code src/main.rs}, builds a patch
 * for one slide and encodes it as a frame, then runs {@code cargo build} of the same edit into the project's own
 * {@code target/debug}, the alternative without the plugin. The program prints median, p90 (nearest rank), minimum and maximum of
 * each step over the measured edits and restores the source file. Run it with {@code benchmarks/pipeline.sh}.
 */
public final class PatchPipelineBench {

    /** A page-aligned slide like the one the kernel gives a PIE executable. Its value only shifts addresses. */
    private static final long SLIDE = 0x5555_0000_0000L;

    /** Bound of one cargo build, far above the first full build of the generated crate. */
    private static final Duration CARGO_TIMEOUT = Duration.ofMinutes(15);

    private PatchPipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: PatchPipelineBench PROJECT_DIR FIND [EDITS [WARMUP]]");
            System.exit(2);
        }
        Path project = Path.of(args[0]).toAbsolutePath();
        String find = args[1];
        int edits = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;

        Path source = project.resolve("src/main.rs");
        String original = Files.readString(source);
        if (original.indexOf(find) < 0 || original.indexOf(find) != original.lastIndexOf(find)) {
            throw new IllegalArgumentException(source + " must contain " + find + " exactly once");
        }
        try {
            run(project, source, original, find, edits, warmup);
        } finally {
            Files.writeString(source, original);
        }
    }

    private static void run(Path project, Path source, String original, String find, int edits, int warmup)
            throws Exception {
        CaptureStore captures = CaptureStore.open(project.resolve("target/whisker/capture"));
        long loadStart = System.nanoTime();
        SymbolCache host = SymbolCache.load(captures.binary());
        System.out.printf("symbol cache of %s: %.0f ms%n", captures.binary(), millisSince(loadStart));

        Path workDir = project.resolve("target/bench-pipeline");
        try (Patcher patcher = Patcher.prepare(captures, host, PatcherOptions.defaults(workDir))) {
            Duration prewarm = patcher.prewarm().get(10, TimeUnit.MINUTES);
            // The incremental cache under target/bench-pipeline survives between runs, so only a first run is cold.
            System.out.printf("prewarm thin rustc: %d ms%n", prewarm.toMillis());
            long aslrReference = patcher.staticAnchorAddress() + SLIDE;
            System.out.printf("first cargo build into target/debug (not counted): %.0f ms%n", cargoBuild(project));
            String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

            Map<String, double[]> figures = new LinkedHashMap<>();
            for (int i = 0; i < warmup + edits; i++) {
                Files.writeString(source, original.replace(find, find + "-p" + i + "x" + nonce));
                Map<String, Double> row = buildOnce(patcher, source, aslrReference);
                row.put("cargo build (alternative)", cargoBuild(project));
                System.out.println("edit " + i + (i < warmup ? " (warm-up)" : "") + ": " + row);
                if (i >= warmup) {
                    int index = i - warmup;
                    row.forEach((name, value) -> figures.computeIfAbsent(name, k -> new double[edits])[index] = value);
                }
            }
            print(figures);
        }
    }

    /** Builds and encodes one patch, and returns each step in milliseconds and the patch's size. */
    private static Map<String, Double> buildOnce(Patcher patcher, Path source, long aslrReference) {
        long start = System.nanoTime();
        PatchOutcome outcome = patcher.build(Set.of(source), Set.of(aslrReference));
        double buildMillis = millisSince(start);
        if (outcome instanceof CompileFailed failed) {
            throw new IllegalStateException("the edited crate does not compile:\n" + failed.diagnostics());
        }
        if (outcome instanceof NeedsFullReload reload) {
            throw new IllegalStateException("the edit needs a full reload: " + reload.reason());
        }
        PatchResult result = (PatchResult) outcome;
        PatchArtifact artifact = result.artifacts().get(aslrReference);

        long encodeStart = System.nanoTime();
        PatchFrame frame = new PatchFrame(artifact.id(), artifact.libName(), Arrays.asList(artifact.map()),
                artifact.aslrReference(), artifact.newBaseAddress(), artifact.library());
        int frameBytes = WireCodec.encodePatch(frame).length;
        double encodeMillis = millisSince(encodeStart);

        Map<String, Double> row = new LinkedHashMap<>();
        result.timings().steps().forEach((name, took) -> row.put(name, took.toNanos() / 1e6));
        double stepsMillis = row.values().stream().mapToDouble(Double::doubleValue).sum();
        row.put("build outside the steps", buildMillis - stepsMillis);
        row.put("build wall", buildMillis);
        row.put("frame", encodeMillis);
        row.put("library KiB", artifact.library().length / 1024.0);
        row.put("frame KiB", frameBytes / 1024.0);
        row.put("table entries", (double) result.entries());
        return row;
    }

    private static void print(Map<String, double[]> figures) {
        System.out.println();
        double ratio = median(figures.get("cargo build (alternative)")) / median(figures.get("build wall"));
        System.out.printf("median cargo build / median patch build wall time: %.2f%n%n", ratio);
        System.out.println("| figure | n | median | p90 | min–max |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Map.Entry<String, double[]> figure : figures.entrySet()) {
            double[] values = figure.getValue().clone();
            Arrays.sort(values);
            double median = median(values);
            double p90 = values[(int) Math.ceil(0.9 * values.length) - 1];
            boolean size = figure.getKey().contains("KiB") || figure.getKey().contains("entries");
            String label = size ? figure.getKey() : figure.getKey() + " (ms)";
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f–%.1f |%n", label, values.length, median, p90, values[0],
                    values[values.length - 1]);
        }
    }

    /**
     * Runs {@code cargo build --offline --quiet} in the project's own target directory, the alternative for the
     * same edit, and returns its wall time in milliseconds.
     */
    private static double cargoBuild(Path project) throws Exception {
        long start = System.nanoTime();
        Process cargo = new ProcessBuilder("cargo", "build", "--offline", "--quiet")
                .directory(project.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!cargo.waitFor(CARGO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            cargo.destroyForcibly();
            throw new IllegalStateException("cargo build in " + project + " timed out after " + CARGO_TIMEOUT);
        }
        if (cargo.exitValue() != 0) {
            throw new IllegalStateException("cargo build in " + project + " failed with exit code " + cargo.exitValue());
        }
        return millisSince(start);
    }

    private static double median(double[] unsorted) {
        double[] values = unsorted.clone();
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}

package dev.whisker.hotpatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the thin rustc of one crate into a fixed object directory. Calls must not overlap, because they
 * share rustc's incremental directory and the object directory; {@link Patcher} runs them on one thread.
 */
final class ThinCompiler {
    private final ThinRustcPlan plan;
    private final ToolRunner runner;
    private final Duration timeout;

    /**
     * The objects of a successful compile, or the user's compile error.
     *
     * @param objects the {@code .o} files rustc wrote, sorted by name; empty when {@code failure} is present
     */
    record Result(List<Path> objects, Optional<CompileFailed> failure, Duration elapsed) {}

    ThinCompiler(CapturedInvocation tip, Path workDir, ToolRunner runner, Duration timeout) {
        this(ThinRustcPlan.of(tip, workDir.resolve("incremental"), workDir.resolve("objects")), runner, timeout);
    }

    ThinCompiler(ThinRustcPlan plan, ToolRunner runner, Duration timeout) {
        this.plan = plan;
        this.runner = runner;
        this.timeout = timeout;
    }

    ThinRustcPlan plan() {
        return plan;
    }

    /**
     * Empties the object directory and compiles. The directory is emptied first because the object names
     * change between rustc sessions and a stale object would be linked into the patch.
     *
     * @throws ToolFailedException when rustc cannot run or times out
     */
    Result compile() {
        Path objectDir = plan.objectDir();
        clear(objectDir);
        ToolResult result = runner.run(plan.argv(), plan.cwd(), plan.env(), timeout);
        if (!result.succeeded()) {
            return new Result(List.of(), Optional.of(new CompileFailed(result.stderr(), result.elapsed())), result.elapsed());
        }
        List<Path> objects = listObjects(objectDir);
        if (objects.isEmpty()) {
            throw new ToolFailedException(plan.argv(), "rustc succeeded but wrote no object into " + objectDir);
        }
        return new Result(objects, Optional.empty(), result.elapsed());
    }

    private static void clear(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to empty the thin object directory " + dir, e);
        }
    }

    /**
     * Returns the objects of the compile. When rustc produced a single codegen unit it writes
     * {@code <crate><extra-filename>.o} and keeps the unit's {@code .rcgu.o} for the incremental cache too;
     * both define the same symbols, so only the named one is returned then.
     */
    private static List<Path> listObjects(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> objects = files.filter(p -> p.getFileName().toString().endsWith(".o")).sorted().toList();
            List<Path> named = objects.stream().filter(p -> !p.getFileName().toString().endsWith(".rcgu.o")).toList();
            return named.isEmpty() ? objects : named;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list the thin objects in " + dir, e);
        }
    }
}

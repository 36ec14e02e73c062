package dev.whisker.hotpatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the thin compiles of one patch, crate by crate in dependency order. Each library writes its new
 * {@code .rmeta} into its own directory under {@code <workDir>/crates}, and every later crate compiles
 * against the new metadata of all libraries rebuilt before it. The tip writes into
 * {@code <workDir>/objects}. All crates share one incremental directory, as cargo's crates do, because
 * rustc keeps each crate's session in a subdirectory of its own.
 *
 * <p>After each compile the crate's input files are updated from its new dep-info, so a module or an
 * {@code include_str!} file added by the edit is mapped on later saves.
 */
final class CrateCompiler {

    /**
     * The objects one crate contributes to the patch.
     *
     * @param objects the crate's {@code .o} files, sorted by name
     */
    record CrateObjects(CrateGraph.Crate crate, List<Path> objects) {}

    /**
     * The outcome of compiling every crate of a patch.
     *
     * @param crates the compiled crates in build order; empty when {@code failure} is present
     * @param failure the first crate's compile error; later crates were not compiled
     * @param elapsed the rustc time of all crates together
     */
    record Compiled(List<CrateObjects> crates, Optional<CompileFailed> failure, Duration elapsed) {}

    private final ThinCompiler tipCompiler;
    private final PatchInputs inputs;
    private final Path workDir;
    private final ToolRunner runner;
    private final Duration timeout;

    CrateCompiler(ThinCompiler tipCompiler, PatchInputs inputs, Path workDir, ToolRunner runner, Duration timeout) {
        this.tipCompiler = tipCompiler;
        this.inputs = inputs;
        this.workDir = workDir;
        this.runner = runner;
        this.timeout = timeout;
    }

    /**
     * Compiles {@code order}, which must list every crate after its rebuilt dependencies.
     *
     * @throws ToolFailedException when rustc cannot run or times out
     */
    Compiled compile(List<CrateGraph.Crate> order, CrateGraph.Crate tip) {
        Map<String, Path> rebuiltMetadata = new LinkedHashMap<>();
        List<CrateObjects> compiled = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        for (CrateGraph.Crate crate : order) {
            ThinCompiler compiler = compilerFor(crate, tip, rebuiltMetadata);
            ThinCompiler.Result result = compiler.compile();
            elapsed = elapsed.plus(result.elapsed());
            if (result.failure().isPresent()) {
                CompileFailed failure = result.failure().get();
                return new Compiled(List.of(), Optional.of(new CompileFailed(failure.diagnostics(), elapsed)), elapsed);
            }
            Path outDir = compiler.plan().objectDir();
            DepInfo.read(outDir.resolve(crate.key() + ".d"), crate.rustc().cwd())
                    .ifPresent(files -> inputs.update(crate.key(), files));
            if (crate.library()) {
                rebuiltMetadata.put(crate.key(), outDir.resolve("lib" + crate.key() + ".rmeta"));
            }
            compiled.add(new CrateObjects(crate, result.objects()));
        }
        return new Compiled(compiled, Optional.empty(), elapsed);
    }

    /** Returns the tip's prepared compiler when no dependency was rebuilt, or a compiler for this patch. */
    private ThinCompiler compilerFor(CrateGraph.Crate crate, CrateGraph.Crate tip, Map<String, Path> rebuiltMetadata) {
        if (crate.key().equals(tip.key()) && rebuiltMetadata.isEmpty()) {
            return tipCompiler;
        }
        Path outDir = crate.key().equals(tip.key()) ? tipCompiler.plan().objectDir()
                : workDir.resolve("crates").resolve(crate.key());
        ThinRustcPlan plan = ThinRustcPlan.forCrate(crate.rustc(), workDir.resolve("incremental"), outDir,
                crate.library(), rebuiltMetadata);
        return new ThinCompiler(plan, runner, timeout);
    }
}

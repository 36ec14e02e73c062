package dev.whisker.cargo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The initial build of the bin crate with capture on, into the plugin's own target directory.
 * A package without a bin gets its {@code cdylib} built instead ({@code --lib} in place of
 * {@code --bin}), for apps that a launch command starts and that load the library.
 *
 * <p>It runs {@code cargo rustc --bin <bin> ... -- -C link-dead-code -C strip=none}: the extra
 * flags reach only the bin crate, so dependencies keep their normal builds. {@code link-dead-code}
 * keeps every function a later patch may call in the host, and {@code strip=none} keeps
 * {@code .symtab}, which the patcher resolves symbols against, even when the profile strips.
 * Each of {@link BuildOptions#exportedSymbols()} adds
 * {@code -C link-arg=-Wl,--export-dynamic-symbol=<name>}, so {@code dlsym} finds it in the executable.
 * For a compiler-driver linker, the bin's link also gets every rlib outside the Rust sysroot
 * (the workspace's and crates.io crates) as {@code --whole-archive}, so their unused functions
 * stay available to patches, and the rlibs of declared dependencies the bin does not name
 * ({@link UnnamedDependencies}).
 * The shims record each rustc call and each link into the capture directory. Afterwards
 * {@code build.json} names the binary and the captures that produced it.
 */
public final class FatBuild {

    /**
     * Tells the linker shim to wrap the bin link's non-sysroot rlibs in {@code --whole-archive}.
     * Without it, a dependency's functions that the program never calls are not linked, and a
     * patch that starts calling them cannot be loaded.
     */
    static final String WHOLE_ARCHIVE_VARIABLE = "WHISKER_WHOLE_ARCHIVE_CRATE";

    private final Toolchain toolchain;
    private final CargoProject project;
    private final BuildLayout layout;
    private final BuildOptions options;
    private final ChildProcesses children;
    private final CargoListener listener;

    public FatBuild(Toolchain toolchain, CargoProject project, BuildLayout layout, BuildOptions options,
            ChildProcesses children, CargoListener listener) {
        this.toolchain = toolchain;
        this.project = project;
        this.layout = layout;
        this.options = options;
        this.children = children;
        this.listener = listener;
    }

    /**
     * Builds the tip target ({@link CargoProject#requireTipTarget()}: the bin, or a shared
     * library for a launch command), checks that the captures for it exist, writes {@code build.json} and
     * returns its content. When cargo reuses units from an earlier build whose captures are gone,
     * those units' outputs are deleted and the build runs once more so that cargo recompiles them.
     * A library whose capture is still missing after that is left out of {@code build.json}.
     *
     * @throws UnsupportedBuildConfigException if a cargo setting would bypass the capture shims or
     *     break the patch link ({@link CargoConfig}); nothing is built then
     * @throws BuildFailedException if cargo fails (its diagnostics were already reported as events)
     * @throws CargoException if the project has no bin or shared-library target, or a file cannot
     *     be written
     */
    public BuildResult run() throws CargoException {
        CargoTarget tip = project.requireTipTarget();
        String triple = toolchain.hostTriple();
        Path cargoDirectory = project.manifestPath().getParent();
        RealLinker realLinker = RealLinker.resolve(toolchain.environment(), cargoDirectory, triple);
        CargoConfig.check(toolchain.environment(), cargoDirectory, triple, realLinker);
        CaptureShims shims = CaptureShims.install(layout.shimsDir(), realLinker);
        prepareCaptureDir();

        Map<String, String> environment = new LinkedHashMap<>(toolchain.environment());
        environment.putAll(shims.captureEnvironment(layout.captureDir(), triple));
        boolean compilerDriver = shims.realLinker().isCompilerDriver();
        Path extraRlibs = layout.captureDir().resolve("extra-rlibs");
        if (compilerDriver) {
            environment.put(WHOLE_ARCHIVE_VARIABLE, tip.crateName());
            environment.put(UnnamedDependencies.VARIABLE, extraRlibs.toString());
        }
        List<String> command = command(tip);

        CargoRun.Result result = buildOnce(command, cargoDirectory, environment);
        CaptureCheck check = CaptureCheck.of(result.artifacts(), project, tip, layout.captureDir());
        if (!check.missingOutputs().isEmpty()) {
            deleteOutputs(check.missingOutputs());
            result = buildOnce(command, cargoDirectory, environment);
            check = CaptureCheck.of(result.artifacts(), project, tip, layout.captureDir());
        }
        if (compilerDriver && check.tipCaptured() && listUnnamedDependencies(result, check, extraRlibs)) {
            result = buildOnce(command, cargoDirectory, environment);
            check = CaptureCheck.of(result.artifacts(), project, tip, layout.captureDir());
        }
        if (!check.tipCaptured()) {
            throw new BuildFailedException("the fat build produced no capture for " + check.tipKey() + " in "
                    + layout.captureDir() + "; check that nothing overrides RUSTC_WORKSPACE_WRAPPER or the linker for "
                    + triple);
        }
        BuildResult built = new BuildResult(check.binary(), check.tipKey(), check.linkKey(), triple,
                layout.cargoTargetDir(), options.profile(), layout.captureDir(), check.packages());
        BuildJson.write(built);
        return built;
    }

    /**
     * Writes the rlibs of the bin's declared dependencies for the linker shim and, when the recorded
     * link lacks one, deletes the bin's outputs so that the next build links it again. Running the
     * recorded link afterwards is not possible, because rustc deletes the bin's objects after linking.
     *
     * @return whether the bin must be built once more
     */
    private boolean listUnnamedDependencies(CargoRun.Result result, CaptureCheck check, Path extraRlibs)
            throws CargoException {
        List<Path> rlibs = UnnamedDependencies.rlibs(result.artifacts(), project.normalDependencyIds());
        Path linkArgv = layout.captureDir().resolve("link").resolve(check.linkKey() + ".argv");
        if (UnnamedDependencies.missingFromLink(linkArgv, rlibs).isEmpty()) {
            return false;
        }
        UnnamedDependencies.write(extraRlibs, rlibs);
        deleteOutputs(List.of(check.binary().getParent().resolve("deps").resolve(check.linkKey()), check.binary()));
        return true;
    }

    /** Returns the cargo command line of the fat build. */
    List<String> command(CargoTarget tip) {
        // The package is named without its version, because the user may edit the version in
        // Cargo.toml while the dev loop keeps this CargoProject.
        CargoPackage pkg = project.selectedPackage();
        List<String> command = new ArrayList<>(List.of(toolchain.cargo().toString(), "rustc",
                "--manifest-path", project.manifestPath().toString(),
                "--package", pkg.name(),
                "--profile", options.profile()));
        if (tip.isBin()) {
            command.addAll(List.of("--bin", tip.name()));
        } else {
            command.add("--lib");
        }
        if (!options.features().isEmpty()) {
            command.add("--features");
            command.add(String.join(",", options.features()));
        }
        command.addAll(List.of("--target-dir", layout.cargoTargetDir().toString(),
                "--message-format", "json",
                "--", "-C", "link-dead-code", "-C", "strip=none"));
        for (String symbol : options.exportedSymbols()) {
            command.addAll(List.of("-C", "link-arg=-Wl,--export-dynamic-symbol=" + symbol));
        }
        return command;
    }

    private CargoRun.Result buildOnce(List<String> command, Path directory, Map<String, String> environment)
            throws CargoException {
        CargoRun.Result result = CargoRun.execute(command, directory, environment, children, listener,
                options.stepTimeout());
        if (result.timedOutDuring().isPresent()) {
            throw new BuildFailedException("cargo build of " + project.selectedPackage().name() + " timed out: "
                    + "cargo printed nothing for " + options.stepTimeout().toSeconds() + " s while running "
                    + result.timedOutDuring().get() + ", so the build was ended. If that step is slow rather than"
                    + " stuck, raise <stepTimeoutSeconds>/-Dwhisker.stepTimeoutSeconds (0 turns the limit off)");
        }
        if (!result.success()) {
            String reason = result.firstError().orElse("see cargo's output above");
            throw new BuildFailedException("cargo build of " + project.selectedPackage().name()
                    + " failed (exit code " + result.exitCode() + "): " + reason);
        }
        return result;
    }

    private void prepareCaptureDir() throws CargoException {
        try {
            // An older build.json stays until this build succeeds: when a rebuild fails, the app
            // that is still running is the one it describes.
            CaptureShims.createPrivateDirectories(layout.captureDir());
        } catch (IOException e) {
            throw new UnwritableDirectoryException("the capture directory", layout.captureDir(), e);
        }
    }

    private static void deleteOutputs(List<Path> outputs) throws CargoException {
        for (Path output : outputs) {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                throw new CargoException("Could not delete " + output + " to force its rebuild: " + e, null, e);
            }
        }
    }
}

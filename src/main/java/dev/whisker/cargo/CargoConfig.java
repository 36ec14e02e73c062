package dev.whisker.cargo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rejects, before the fat build starts, the cargo settings that the capture shims cannot honour.
 * The linker shim is installed through {@code CARGO_TARGET_<TRIPLE>_LINKER} and runs the
 * {@link RealLinker}, and the patch link later replays the captured call with compiler-driver
 * options, so these settings would either bypass the capture or break the patch:
 *
 * <ul>
 *   <li>{@code -C linker=...} in the rustflags cargo passes to rustc: rustc uses the last
 *       {@code -C linker}, which comes after cargo's, so the shim never runs;</li>
 *   <li>{@code target.'cfg(...)'.linker}: the shim's variable overrides it, so the build would
 *       silently use {@code cc} instead;</li>
 *   <li>{@code build.target} (or {@code CARGO_BUILD_TARGET}) other than the host: the shim is
 *       installed for the host triple only;</li>
 *   <li>a linker that is not a C compiler driver ({@code ld}, {@code ld.lld}, {@code rust-lld}):
 *       rustc passes it raw linker arguments, and the patch link passes {@code -Wl,} options.</li>
 * </ul>
 *
 * <p>The rustflags are looked up in cargo's order: {@code CARGO_ENCODED_RUSTFLAGS}, then
 * {@code RUSTFLAGS}, then the target's flags ({@code CARGO_TARGET_<TRIPLE>_RUSTFLAGS} and
 * {@code target.<triple>.rustflags} or {@code target.'cfg(...)'.rustflags} in the config files),
 * then {@code CARGO_BUILD_RUSTFLAGS} and {@code build.rustflags}. Only the first source that is set
 * reaches rustc, so only that one is checked.
 *
 * <p>NOTE: {@code --config} arguments are not read, a {@code cfg(...)} table is rejected
 * whatever its expression, and an array-valued {@code build.target} is not read.
 */
public final class CargoConfig {

    private CargoConfig() {
    }

    /**
     * Checks the settings in order and throws for the first unsupported one.
     *
     * @param environment the environment cargo will run in, without the shims' variables
     * @param cargoDirectory the directory cargo runs in, where config lookup starts
     * @param hostTriple the target the fat build is for
     * @param linker the linker the shim will run
     */
    public static void check(Map<String, String> environment, Path cargoDirectory, String hostTriple,
            RealLinker linker) throws UnsupportedBuildConfigException {
        Map<Path, String> files = new LinkedHashMap<>();
        for (Path file : RealLinker.configFiles(environment, cargoDirectory)) {
            files.put(file, readQuietly(file));
        }
        checkTarget(environment, files, hostTriple);
        checkCfgLinker(files);
        checkRustflags(environment, files, hostTriple);
        checkLinkerFlavor(linker, hostTriple);
    }

    private static void checkTarget(Map<String, String> environment, Map<Path, String> files, String hostTriple)
            throws UnsupportedBuildConfigException {
        String fix = "the fat build captures host builds only (" + hostTriple + "). Remove it or set it to "
                + hostTriple;
        String fromEnvironment = environment.get("CARGO_BUILD_TARGET");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            if (!fromEnvironment.equals(hostTriple)) {
                throw new UnsupportedBuildConfigException("build.target = \"" + fromEnvironment + "\"",
                        "CARGO_BUILD_TARGET", fix);
            }
            return;
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            String target = TomlStrings.read(file.getValue()).get(List.of("build", "target"));
            if (target != null && !target.equals(hostTriple)) {
                throw new UnsupportedBuildConfigException("build.target = \"" + target + "\"",
                        file.getKey().toString(), fix);
            }
            if (target != null) {
                return;
            }
        }
    }

    private static void checkCfgLinker(Map<Path, String> files) throws UnsupportedBuildConfigException {
        for (Map.Entry<Path, String> file : files.entrySet()) {
            for (Map.Entry<List<String>, String> value : TomlStrings.read(file.getValue()).entrySet()) {
                List<String> key = value.getKey();
                if (key.size() == 3 && key.get(0).equals("target") && key.get(1).startsWith("cfg(")
                        && key.get(2).equals("linker")) {
                    throw new UnsupportedBuildConfigException(
                            "target.'" + key.get(1) + "'.linker = \"" + value.getValue() + "\"",
                            file.getKey().toString(),
                            "CARGO_TARGET_<TRIPLE>_LINKER, which installs the linker shim, overrides it. Move the linker to "
                                    + "target.<triple>.linker, for example target.x86_64-unknown-linux-gnu.linker");
                }
            }
        }
    }

    private static void checkRustflags(Map<String, String> environment, Map<Path, String> files, String hostTriple)
            throws UnsupportedBuildConfigException {
        String encoded = environment.get("CARGO_ENCODED_RUSTFLAGS");
        if (encoded != null) {
            rejectLinkerFlag(encoded.isEmpty() ? List.of() : List.of(encoded.split("\u001f")),
                    "CARGO_ENCODED_RUSTFLAGS", "remove -C linker from CARGO_ENCODED_RUSTFLAGS");
            return;
        }
        String plain = environment.get("RUSTFLAGS");
        if (plain != null) {
            rejectLinkerFlag(CargoConfigFlags.splitWhitespace(plain), "RUSTFLAGS", "remove -C linker from RUSTFLAGS");
            return;
        }
        String targetVariable = RealLinker.linkerVariable(hostTriple).replaceFirst("_LINKER$", "_RUSTFLAGS");
        if (checkLevel(environment, targetVariable, files, key -> key.size() == 3 && key.get(0).equals("target")
                && (key.get(1).equals(hostTriple) || key.get(1).startsWith("cfg(")))) {
            return;
        }
        checkLevel(environment, "CARGO_BUILD_RUSTFLAGS", files, key -> key.equals(List.of("build", "rustflags")));
    }

    /** Checks one level of cargo's rustflags order and returns whether that level was set. */
    private static boolean checkLevel(Map<String, String> environment, String variable, Map<Path, String> files,
            Predicate<List<String>> keyMatches) throws UnsupportedBuildConfigException {
        boolean set = false;
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null) {
            rejectLinkerFlag(CargoConfigFlags.splitWhitespace(fromEnvironment), variable,
                    "remove -C linker from " + variable);
            set = true;
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            for (Map.Entry<List<String>, List<String>> flags : CargoConfigFlags.read(file.getValue()).entrySet()) {
                if (keyMatches.test(flags.getKey())) {
                    rejectLinkerFlag(flags.getValue(), file.getKey().toString(),
                            "remove -C linker from " + String.join(".", flags.getKey()));
                    set = true;
                }
            }
        }
        return set;
    }

    private static void rejectLinkerFlag(List<String> flags, String source, String fix)
            throws UnsupportedBuildConfigException {
        String linker = CargoConfigFlags.linkerFlag(flags);
        if (linker != null) {
            throw new UnsupportedBuildConfigException("-C linker=" + linker, source, "rustc uses the last -C linker,"
                    + " so the capture's linker shim would never run. Fix: " + fix + ", and set the linker through "
                    + "target.<triple>.linker in .cargo/config.toml or CARGO_TARGET_<TRIPLE>_LINKER instead");
        }
    }

    private static void checkLinkerFlavor(RealLinker linker, String hostTriple)
            throws UnsupportedBuildConfigException {
        if (!linker.isCompilerDriver()) {
            String setting = linker.origin().startsWith("CARGO_TARGET_")
                    ? linker.origin() + "=" + linker.program()
                    : "target." + hostTriple + ".linker = \"" + linker.program() + "\"";
            throw new UnsupportedBuildConfigException(setting, linker.origin(), "rustc passes raw linker arguments"
                    + " to " + linker.fileName() + ", but the patch link needs a C compiler driver. Use gcc to link"
                    + " with GNU ld, or cc with -C link-arg=-fuse-ld=lld in rustflags to link with lld");
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Cargo reports an unreadable config file itself when it builds.
            return "";
        }
    }
}

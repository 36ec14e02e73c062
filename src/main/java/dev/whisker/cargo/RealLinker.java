package dev.whisker.cargo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The linker the fat build would use without the capture shims, and where that choice came from.
 * The linker shim runs this program, so a configured linker such as {@code gcc} (with or
 * without {@code -fuse-ld=lld}) keeps working.
 *
 * @param program the program name or path, as cargo would pass it to rustc's {@code -C linker}
 * @param origin where the setting was found: the environment variable's name, the config file's
 *     path, or {@code default}
 */
public record RealLinker(String program, String origin) {

    /** rustc's default for the {@code *-linux-gnu} targets, used when nothing else is set. */
    public static final String DEFAULT_PROGRAM = "cc";

    /**
     * Resolves the linker by cargo's precedence: {@code CARGO_TARGET_<TRIPLE>_LINKER} in
     * {@code environment}, then {@code target.<triple>.linker} in the {@code .cargo/config.toml}
     * (or legacy {@code .cargo/config}) files from {@code cargoDirectory} up to the file-system
     * root, the deepest first, then {@code $CARGO_HOME/config.toml}, then {@code cc}.
     *
     * <p>A config value that contains a {@code /} and is relative is resolved against the
     * directory that contains the {@code .cargo} directory, as cargo does. A bare name is looked
     * up on PATH when the shim runs it.
     *
     * <p>{@code target.<cfg>.linker} and a {@code -C linker} inside rustflags are not read here:
     * {@link CargoConfig#check} rejects them. NOTE: {@code --config} arguments are not read.
     *
     * @param cargoDirectory the working directory cargo runs in
     */
    public static RealLinker resolve(Map<String, String> environment, Path cargoDirectory, String triple) {
        String variable = linkerVariable(triple);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty() && !isWhiskerShim(fromEnvironment)) {
            String program = fromEnvironment.contains("/")
                    ? cargoDirectory.resolve(fromEnvironment).normalize().toString() : fromEnvironment;
            return new RealLinker(program, variable);
        }
        for (Path file : configFiles(environment, cargoDirectory)) {
            Optional<String> configured = readLinker(file, triple);
            if (configured.isPresent() && !isWhiskerShim(configured.get())) {
                String value = configured.get();
                // <dir>/.cargo/config.toml: relative paths are relative to <dir>.
                Path base = file.getParent().getParent();
                String program = value.contains("/") ? base.resolve(value).normalize().toString() : value;
                return new RealLinker(program, file.toString());
            }
        }
        return new RealLinker(DEFAULT_PROGRAM, "default");
    }

    /** Returns {@code CARGO_TARGET_<TRIPLE>_LINKER} for a triple, as cargo spells it. */
    public static String linkerVariable(String triple) {
        return "CARGO_TARGET_" + triple.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_LINKER";
    }

    /** Returns the file name of the program, which is what rustc infers the linker flavour from. */
    public String fileName() {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }

    /**
     * Returns whether rustc treats this linker as a C compiler driver ({@code cc}, {@code gcc},
     * {@code clang}, or an unknown name, which on Linux targets means the same), so that linker
     * options must be passed as {@code -Wl,<option>}. Names of the {@code ld} family
     * ({@code ld}, {@code *-ld}, {@code ld.lld}, {@code lld}, {@code rust-lld}) get raw options.
     */
    public boolean isCompilerDriver() {
        String name = fileName();
        return !(name.equals("ld") || name.endsWith("-ld") || name.startsWith("ld.") || name.contains("lld"));
    }

    static List<Path> configFiles(Map<String, String> environment, Path cargoDirectory) {
        List<Path> files = new ArrayList<>();
        for (Path dir = cargoDirectory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            addExisting(files, dir.resolve(".cargo"));
        }
        String cargoHome = environment.get("CARGO_HOME");
        String home = environment.get("HOME");
        Path cargoHomeDir = cargoHome != null && !cargoHome.isEmpty() ? Path.of(cargoHome)
                : home != null ? Path.of(home, ".cargo") : null;
        if (cargoHomeDir != null) {
            Path normalized = cargoHomeDir.toAbsolutePath().normalize();
            if (files.stream().noneMatch(file -> file.getParent().equals(normalized))) {
                addExisting(files, normalized);
            }
        }
        return files;
    }

    private static void addExisting(List<Path> files, Path cargoDir) {
        for (String name : List.of("config.toml", "config")) {
            Path file = cargoDir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.add(file);
                return;
            }
        }
    }

    private static Optional<String> readLinker(Path file, String triple) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.ofNullable(TomlStrings.read(text).get(List.of("target", triple, "linker")));
        } catch (IOException e) {
            // Cargo reports an unreadable config file itself when it builds.
            return Optional.empty();
        }
    }

    /** Guards against a leftover setting that points at a shim, which would run itself forever. */
    private static boolean isWhiskerShim(String program) {
        return program.contains("/whisker/shims/");
    }
}

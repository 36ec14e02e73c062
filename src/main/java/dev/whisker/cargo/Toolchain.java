package dev.whisker.cargo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cargo and rustc programs found on a given environment's PATH, plus that environment, which
 * every child process of this package inherits. Taking the environment as a value (instead of
 * reading {@link System#getenv()} everywhere) lets callers and tests run with another PATH.
 */
public final class Toolchain {

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(60);

    private final Path cargo;
    private final Path rustc;
    private final Map<String, String> environment;
    private volatile String hostTriple;

    private Toolchain(Path cargo, Path rustc, Map<String, String> environment) {
        this.cargo = cargo;
        this.rustc = rustc;
        this.environment = environment;
    }

    /**
     * Finds cargo and rustc on the {@code PATH} of {@code environment}. {@code RUSTC}, when set,
     * names rustc as it does for cargo itself.
     *
     * @throws ToolNotFoundException if either program is missing, with installation advice
     */
    public static Toolchain locate(Map<String, String> environment) throws ToolNotFoundException {
        Map<String, String> env = Map.copyOf(environment);
        String path = env.getOrDefault("PATH", "");
        Path cargo = findOnPath("cargo", path).orElseThrow(() -> new ToolNotFoundException("cargo", path));
        String rustcOverride = env.get("RUSTC");
        Path rustc;
        if (rustcOverride != null && !rustcOverride.isEmpty()) {
            rustc = Path.of(rustcOverride);
        } else {
            rustc = findOnPath("rustc", path).orElseThrow(() -> new ToolNotFoundException("rustc", path));
        }
        return new Toolchain(cargo, rustc, env);
    }

    /** Finds cargo and rustc on this JVM's own {@code PATH}. */
    public static Toolchain locate() throws ToolNotFoundException {
        return locate(System.getenv());
    }

    /** Returns the absolute path of cargo. */
    public Path cargo() {
        return cargo;
    }

    /** Returns the path of rustc (absolute unless {@code RUSTC} named a relative one). */
    public Path rustc() {
        return rustc;
    }

    /** Returns the environment that child processes start from, unmodifiable. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Returns rustc's host target triple, such as {@code x86_64-unknown-linux-gnu}, read once
     * from {@code rustc -vV}.
     */
    public String hostTriple() throws CargoException {
        String triple = hostTriple;
        if (triple == null) {
            triple = readHostTriple();
            hostTriple = triple;
        }
        return triple;
    }

    private String readHostTriple() throws CargoException {
        List<String> command = List.of(rustc.toString(), "-vV");
        CommandResult result = CommandResult.run(command, Path.of("").toAbsolutePath(), environment, VERSION_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new CargoException("`" + String.join(" ", command) + "` failed with exit code "
                    + result.exitCode() + ": " + result.stderr().strip(), null);
        }
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("host: ")) {
                return line.substring("host: ".length()).strip();
            }
        }
        throw new CargoException("`" + String.join(" ", command) + "` printed no `host:` line: "
                + result.stdout().strip(), null);
    }

    static Optional<Path> findOnPath(String program, String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}

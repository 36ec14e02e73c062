package dev.whisker.cargo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rustc and linker wrapper scripts of the fat build. Both are POSIX {@code sh} scripts that
 * record each call into {@code WHISKER_CAPTURE_DIR} and then run the real tool. Without that
 * variable they only run the real tool.
 *
 * <p>The linker shim is named {@code whisker-cc} when the real linker is {@code cc}. Otherwise it
 * gets the real linker's file name, in the {@code flavor} subdirectory, because rustc chooses
 * the argument style (for example {@code -Wl,} prefixes, or adding {@code -fuse-ld=lld}) from the
 * linker's file name, and that choice must match the real linker's.
 *
 * @param rustcShim the value for {@code RUSTC_WORKSPACE_WRAPPER}
 * @param linkerShim the value for {@code CARGO_TARGET_<TRIPLE>_LINKER}
 */
public record CaptureShims(Path rustcShim, Path linkerShim, RealLinker realLinker) {

    private static final String RUSTC_TEMPLATE = "whisker-rustc.sh";
    private static final String LINKER_TEMPLATE = "whisker-cc.sh";

    /**
     * Writes both scripts into {@code shimsDir}, with mode 0700 for the directory and the scripts.
     * Each file is written under a temporary name and renamed, so a build that starts a shim at
     * that moment runs either the old or the new script.
     */
    public static CaptureShims install(Path shimsDir, RealLinker realLinker) throws CargoException {
        Path rustcShim = shimsDir.resolve("whisker-rustc");
        Path linkerShim = RealLinker.DEFAULT_PROGRAM.equals(realLinker.fileName())
                ? shimsDir.resolve("whisker-cc") : shimsDir.resolve("flavor").resolve(realLinker.fileName());
        try {
            writeScript(RUSTC_TEMPLATE, rustcShim);
            writeScript(LINKER_TEMPLATE, linkerShim);
        } catch (IOException e) {
            throw new CargoException("Could not write the capture shims into " + shimsDir + ": " + e, null, e);
        }
        return new CaptureShims(rustcShim, linkerShim, realLinker);
    }

    /**
     * Returns the variables that turn capture on for a build for {@code triple}:
     * {@code WHISKER_CAPTURE_DIR}, {@code RUSTC_WORKSPACE_WRAPPER},
     * {@code CARGO_TARGET_<TRIPLE>_LINKER} and {@code WHISKER_REAL_LINKER}.
     */
    public Map<String, String> captureEnvironment(Path captureDir, String triple) {
        Map<String, String> env = new LinkedHashMap<>(passThroughEnvironment(triple));
        env.put("WHISKER_CAPTURE_DIR", captureDir.toAbsolutePath().toString());
        return env;
    }

    /** Returns the same variables without {@code WHISKER_CAPTURE_DIR}: the shims then only run the tools. */
    public Map<String, String> passThroughEnvironment(String triple) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RUSTC_WORKSPACE_WRAPPER", rustcShim.toString());
        env.put(RealLinker.linkerVariable(triple), linkerShim.toString());
        env.put("WHISKER_REAL_LINKER", realLinker.program());
        return env;
    }

    private static void writeScript(String template, Path target) throws IOException {
        createPrivateDirectories(target.getParent());
        byte[] script;
        try (InputStream in = CaptureShims.class.getResourceAsStream(template)) {
            if (in == null) {
                throw new IOException("resource " + template + " is missing from the plugin jar");
            }
            script = in.readAllBytes();
        }
        Path temporary = Files.createTempFile(target.getParent(), ".tmp-", ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.write(temporary, script);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static void createPrivateDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}

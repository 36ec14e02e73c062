package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The files whose change makes cargo run a package's build script again, read from the output the script
 * printed in the fat build ({@code <OUT_DIR>/../output}). A patch cannot express such a change, because the
 * generated code and the compiled C objects come from the script's last run.
 *
 * <p>Cargo's rule is followed: the paths of {@code cargo:rerun-if-changed} lines (a directory covers
 * every file below it) are the inputs, relative to the package's manifest directory. A script that prints
 * neither {@code rerun-if-changed} nor {@code rerun-if-env-changed} is run again for any change in its
 * package, so then every file of the package counts.
 *
 * @param packageName the package whose script this is, for messages
 * @param manifestDir the package's directory ({@code CARGO_MANIFEST_DIR})
 * @param rerunIfChanged the listed paths, absolute and normalised
 * @param wholePackage whether the script printed no {@code rerun-if} line at all
 */
record BuildScriptInputs(String packageName, Path manifestDir, Set<Path> rerunIfChanged, boolean wholePackage) {

    BuildScriptInputs {
        rerunIfChanged = Set.copyOf(rerunIfChanged);
    }

    /**
     * Reads the script output of the crate whose captured rustc call is {@code rustc}.
     *
     * @return empty when the crate's package has no build script (its rustc call has no {@code OUT_DIR})
     *     or the output file is gone
     * @throws PatchFailedException when the output file exists but cannot be read
     */
    static Optional<BuildScriptInputs> of(String packageName, CapturedInvocation rustc) {
        String outDir = rustc.env().get("OUT_DIR");
        String manifestDir = rustc.env().get("CARGO_MANIFEST_DIR");
        if (outDir == null || manifestDir == null) {
            return Optional.empty();
        }
        Path output = Path.of(outDir).resolveSibling("output");
        String text;
        try {
            text = Files.readString(output, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PatchFailedException("Failed to read the build script output " + output + ": " + e.getMessage(), e);
        }
        return Optional.of(parse(packageName, Path.of(manifestDir), text));
    }

    /** Parses build script output; both the {@code cargo:} and the {@code cargo::} prefix are accepted. */
    static BuildScriptInputs parse(String packageName, Path manifestDir, String output) {
        Set<Path> paths = new LinkedHashSet<>();
        boolean anyRerun = false;
        for (String line : output.split("\n")) {
            String instruction = line.startsWith("cargo::") ? line.substring("cargo::".length())
                    : line.startsWith("cargo:") ? line.substring("cargo:".length()) : null;
            if (instruction == null) {
                continue;
            }
            if (instruction.startsWith("rerun-if-changed=")) {
                anyRerun = true;
                paths.add(manifestDir.resolve(instruction.substring("rerun-if-changed=".length()).strip()).normalize());
            } else if (instruction.startsWith("rerun-if-env-changed=")) {
                anyRerun = true;
            }
        }
        return new BuildScriptInputs(packageName, manifestDir, paths, !anyRerun);
    }

    /** Returns whether a change of {@code file} makes cargo run this build script again. */
    boolean isInput(Path file) {
        if (wholePackage) {
            return file.startsWith(manifestDir);
        }
        for (Path path : rerunIfChanged) {
            if (file.startsWith(path)) {
                return true;
            }
        }
        return false;
    }
}

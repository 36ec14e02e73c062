package dev.whisker.cargo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rlibs of the tip's declared dependencies, for the linker shim to add to the tip's link.
 *
 * <p>rustc loads an {@code --extern} crate only when the code names it, so a dependency that
 * {@code Cargo.toml} declares but the bin does not use yet is not in the crate graph and its rlib
 * is not on the link line. A patch that starts using it would need code the host lacks. The fat
 * build therefore writes every rlib of the tip's normal dependency closure into a file that the
 * shim reads ({@code WHISKER_EXTRA_RLIBS}); the shim adds each one the link does not name yet,
 * whole-archived. The rlib paths are known only after cargo built the dependencies, so the first
 * build that finds one missing deletes the tip's outputs and builds once more.
 */
final class UnnamedDependencies {

    /** Names the file of rlib paths, one per line, that the linker shim adds to the tip's link. */
    static final String VARIABLE = "WHISKER_EXTRA_RLIBS";

    private UnnamedDependencies() {
    }

    /** Returns the rlibs that cargo built for {@code dependencyIds}, in artifact order. */
    static List<Path> rlibs(List<CargoArtifact> artifacts, Set<String> dependencyIds) {
        List<Path> rlibs = new ArrayList<>();
        for (CargoArtifact artifact : artifacts) {
            if (!dependencyIds.contains(artifact.packageId()) || artifact.isBuildScript()) {
                continue;
            }
            for (Path file : artifact.filenames()) {
                if (file.toString().endsWith(".rlib") && !rlibs.contains(file)) {
                    rlibs.add(file);
                }
            }
        }
        return rlibs;
    }

    /**
     * Returns the rlibs the recorded link of the tip does not name. A link with a response file
     * returns none, because the rlibs inside it cannot be compared.
     *
     * @throws CargoException when the link capture cannot be read
     */
    static List<Path> missingFromLink(Path linkArgvFile, List<Path> rlibs) throws CargoException {
        List<String> argv;
        try {
            argv = List.of(Files.readString(linkArgvFile, StandardCharsets.UTF_8).split("\0"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CargoException("Could not read the link capture " + linkArgvFile + ": " + e, null, e);
        }
        if (argv.stream().anyMatch(arg -> arg.startsWith("@"))) {
            return List.of();
        }
        Set<String> named = new HashSet<>(argv);
        return rlibs.stream().filter(rlib -> !named.contains(rlib.toString())).toList();
    }

    /** Writes the rlib list for the shim, one path per line, under a temporary name and a rename. */
    static void write(Path file, List<Path> rlibs) throws CargoException {
        StringBuilder text = new StringBuilder();
        for (Path rlib : rlibs) {
            text.append(rlib).append('\n');
        }
        try {
            Path temporary = Files.createTempFile(file.getParent(), ".extra-rlibs-", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CargoException("Could not write " + file + ": " + e, null, e);
        }
    }
}

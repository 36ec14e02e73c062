package dev.whisker.cargo;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code compiler-artifact} message of cargo's JSON output: a unit cargo built or reused.
 *
 * @param filenames the produced files, such as {@code deps/libfoo-<hash>.rlib} or the uplifted
 *     executable
 */
record CargoArtifact(String packageId, Path manifestPath, String targetName, List<String> kinds, List<Path> filenames,
        Optional<Path> executable, boolean fresh) {

    CargoArtifact {
        kinds = List.copyOf(kinds);
        filenames = List.copyOf(filenames);
    }

    boolean isBuildScript() {
        return kinds.contains("custom-build");
    }

    boolean isBin() {
        return kinds.contains("bin");
    }

    /**
     * Returns the capture key of a library unit, read from a file name of the form
     * {@code lib<crate><extra-filename>.<ext>}, or empty when no file has that form.
     */
    Optional<String> libraryKey() {
        String crateName = targetName.replace('-', '_');
        for (Path file : filenames) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (name.startsWith("lib" + crateName) && dot > 0) {
                return Optional.of(name.substring("lib".length(), dot));
            }
        }
        return Optional.empty();
    }
}

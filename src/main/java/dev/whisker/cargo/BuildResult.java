package dev.whisker.cargo;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of a successful fat build, also written to {@code build.json} in the capture directory.
 *
 * @param binary the absolute path of the executable to launch, which is paired with this capture.
 *     For a package without a bin, the shared library that the launch command's program loads
 * @param tipKey the capture key of the bin crate's rustc call ({@code <captureDir>/rustc/<tipKey>.*})
 * @param linkKey the capture key of the link that produced the binary ({@code <captureDir>/link/<linkKey>.*})
 * @param targetDir the cargo target directory of the fat build
 * @param packages the bin crate first, then the library crates of the local packages it uses
 */
public record BuildResult(Path binary, String tipKey, String linkKey, String targetTriple, Path targetDir,
        String profile, Path captureDir, List<CapturedPackage> packages) {

    public BuildResult {
        packages = List.copyOf(packages);
    }

    /** Returns the path of {@code build.json}. */
    public Path buildJson() {
        return captureDir.resolve("build.json");
    }
}

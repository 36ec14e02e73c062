package dev.whisker.hotpatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The {@code build.json} that the cargo package writes after a fat build: which executable was launched,
 * which rustc capture is the tip crate and which link capture produced the executable.
 *
 * @param binary absolute path of the launched executable (the host the patches are resolved against)
 * @param tipKey capture key ({@code <crate-name><extra-filename>}) of the tip crate's rustc call
 * @param linkKey capture key (basename of {@code -o}) of the link that produced {@link #binary}
 * @param targetTriple for example {@code x86_64-unknown-linux-gnu}
 * @param targetDir cargo target directory of the fat build
 * @param profile cargo profile name, for example {@code dev}
 * @param packages the workspace packages of the build, in cargo's order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildInfo(
        String binary,
        String tipKey,
        String linkKey,
        String targetTriple,
        String targetDir,
        String profile,
        List<PackageInfo> packages) {

    public BuildInfo {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /**
     * One workspace package of the fat build.
     *
     * @param key capture key of the package's library or binary rustc call
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PackageInfo(String name, String crateName, String manifestPath, String srcRoot, String key) {}
}

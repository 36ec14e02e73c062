package dev.whisker.cargo;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** No {@code Cargo.toml} exists at any of the places the plugin looks. */
public final class ManifestNotFoundException extends CargoException {

    private static final long serialVersionUID = 1L;

    private final List<Path> triedPaths;

    public ManifestNotFoundException(List<Path> triedPaths) {
        super(message(triedPaths), "manifestPath");
        this.triedPaths = List.copyOf(triedPaths);
    }

    /** Returns the paths that were checked, in order. */
    public List<Path> triedPaths() {
        return triedPaths;
    }

    private static String message(List<Path> triedPaths) {
        String tried = triedPaths.stream().map(Path::toString).collect(Collectors.joining(", "));
        return "Cargo.toml not found; tried " + tried
                + ". Set <manifestPath> in the plugin configuration or -Dwhisker.manifestPath"
                + " to the crate's Cargo.toml.";
    }
}

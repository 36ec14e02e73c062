package dev.whisker.devloop;

import dev.whisker.cargo.CargoException;
import dev.whisker.cargo.CargoMetadataException;
import dev.whisker.cargo.ManifestNotFoundException;
import dev.whisker.cargo.ToolNotFoundException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Translates the cargo package's checked exceptions into the loop's typed exceptions, in one place. */
final class CargoFailures {

    private CargoFailures() {
    }

    /**
     * Returns the loop exception for {@code error}: bad input names its parameter, the user's crate
     * becomes a {@link BuildFailedException}, a missing tool an {@link EnvironmentException}.
     *
     * @param config the session's config, for the values the user set
     */
    static DevLoopException translate(CargoException error, Config config) {
        if (error instanceof ManifestNotFoundException missing) {
            String tried = missing.triedPaths().stream().map(Path::toString).collect(Collectors.joining(", "));
            return new InvalidParameterException("manifestPath", config.manifestPath().map(Path::toString).orElse(null),
                    "No Cargo.toml found; tried " + tried);
        }
        if (error instanceof ToolNotFoundException) {
            return new EnvironmentException(error.getMessage(), error);
        }
        if (error instanceof dev.whisker.cargo.BuildFailedException) {
            return new BuildFailedException(error.getMessage());
        }
        if (error.parameter().isPresent()) {
            String parameter = error.parameter().get();
            return new InvalidParameterException(parameter, null, error.getMessage());
        }
        if (error instanceof CargoMetadataException) {
            return new BuildFailedException(error.getMessage());
        }
        return new EnvironmentException(error.getMessage(), error);
    }
}

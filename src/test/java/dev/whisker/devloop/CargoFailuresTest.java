package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.cargo.CargoException;
import dev.whisker.cargo.ManifestNotFoundException;
import dev.whisker.cargo.ToolNotFoundException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CargoFailuresTest {

    private final Config config = new ConfigBuilder(Path.of("/p"), Path.of("/p/target")).build();

    @Test
    void missingCargoIsEnvironmentProblemWithInstallHint() {
        DevLoopException error = CargoFailures.translate(new ToolNotFoundException("cargo", "/usr/bin:/bin"), config);

        assertInstanceOf(EnvironmentException.class, error);
        assertTrue(error.getMessage().contains("cargo was not found on PATH"), error.getMessage());
        assertTrue(error.getMessage().contains("apt-get install cargo"), error.getMessage());
    }

    @Test
    void missingManifestNamesTriedPaths() {
        ManifestNotFoundException missing = new ManifestNotFoundException(
                List.of(Path.of("/p/Cargo.toml"), Path.of("/p/src/main/rust/Cargo.toml")));

        InvalidParameterException error = assertInstanceOf(InvalidParameterException.class,
                CargoFailures.translate(missing, config));

        assertEquals("manifestPath", error.parameter());
        // The Maven layer appends where to set manifestPath, so the fix is not stated here a second time.
        assertEquals("No Cargo.toml found; tried /p/Cargo.toml, /p/src/main/rust/Cargo.toml", error.getMessage());
    }

    @Test
    void failedCargoBuildIsBuildFailure() {
        DevLoopException error = CargoFailures.translate(
                new dev.whisker.cargo.BuildFailedException("cargo build of app failed (exit code 101)"), config);

        assertInstanceOf(BuildFailedException.class, error);
    }

    @Test
    void parameterOfCargoErrorIsKept() {
        InvalidParameterException error = assertInstanceOf(InvalidParameterException.class,
                CargoFailures.translate(new CargoException("crate x has no bin target", "bin"), config));

        assertEquals("bin", error.parameter());
    }

    @Test
    void otherCargoErrorIsEnvironmentProblem() {
        assertInstanceOf(EnvironmentException.class,
                CargoFailures.translate(new CargoException("Could not write build.json", null), config));
    }
}

package dev.whisker.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.whisker.devloop.BuildFailedException;
import dev.whisker.devloop.EnvironmentException;
import dev.whisker.devloop.InvalidParameterException;
import dev.whisker.devloop.StopConditionNotMetException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class MojoFailuresTest {

    @Test
    void invalidParameterIsFailureWithHint() {
        InvalidParameterException error = new InvalidParameterException("bind", "x", "Invalid bind address 'x': expected host:port");

        MojoFailureException failure = assertInstanceOf(MojoFailureException.class, MojoFailures.translate(error));

        assertEquals("Invalid bind address 'x': expected host:port. Set <bind> in the plugin's <configuration>"
                + " or -Dwhisker.bind=... on the command line.", failure.getMessage());
    }

    @Test
    void messageEndingInPeriodGetsNoSecondPeriod() {
        InvalidParameterException error = new InvalidParameterException("watch", "a", "Missing a.");

        assertEquals("Missing a. Set <watch> in the plugin's <configuration> or -Dwhisker.watch=... on the command line.",
                MojoFailures.withParameterHint(error));
    }

    @Test
    void messageNamingElementIsKept() {
        InvalidParameterException error = new InvalidParameterException("package", "x",
                "package x is not a member of the workspace. Set <package>/-Dwhisker.package to one of them.");

        assertEquals(error.getMessage(), MojoFailures.withParameterHint(error));
    }

    @Test
    void messageNamingPropertyIsKept() {
        InvalidParameterException error = new InvalidParameterException("bind", "nohost:1",
                "Host 'nohost' of bind address nohost:1 was not found. Set whisker.bind to an IP address");

        assertEquals(error.getMessage(), MojoFailures.withParameterHint(error));
    }

    @Test
    void buildFailureIsFailure() {
        assertInstanceOf(MojoFailureException.class, MojoFailures.translate(new BuildFailedException("does not compile")));
    }

    @Test
    void unmetStopConditionIsFailure() {
        assertInstanceOf(MojoFailureException.class, MojoFailures.translate(new StopConditionNotMetException("timed out")));
    }

    @Test
    void environmentProblemIsError() {
        EnvironmentException error = new EnvironmentException("cargo was not found on PATH. Install it");

        MojoExecutionException translated = assertInstanceOf(MojoExecutionException.class, MojoFailures.translate(error));

        assertEquals(error.getMessage(), translated.getMessage());
    }

    @Test
    void rethrowThrowsMatchingKind() {
        assertThrows(MojoFailureException.class, () -> MojoFailures.rethrow(new BuildFailedException("x")));
        assertThrows(MojoExecutionException.class, () -> MojoFailures.rethrow(new EnvironmentException("y")));
    }
}

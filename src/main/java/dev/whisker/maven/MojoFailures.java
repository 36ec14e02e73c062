package dev.whisker.maven;

import dev.whisker.devloop.BuildFailedException;
import dev.whisker.devloop.DevLoopException;
import dev.whisker.devloop.InvalidParameterException;
import dev.whisker.devloop.StopConditionNotMetException;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Translates the dev loop's typed exceptions into Maven's two failure kinds, in one place: the
 * user's input or code ({@link MojoFailureException}, "BUILD FAILURE") or a broken tool or
 * environment ({@link MojoExecutionException}, "BUILD ERROR").
 */
final class MojoFailures {

    private MojoFailures() {
    }

    /** Throws {@code error} as the matching Maven exception; never returns normally. */
    static void rethrow(DevLoopException error) throws MojoExecutionException, MojoFailureException {
        AbstractMojoExecutionException translated = translate(error);
        if (translated instanceof MojoFailureException failure) {
            throw failure;
        }
        throw (MojoExecutionException) translated;
    }

    /** Maps {@code error}; a bad parameter's message gains the pom element and the user property. */
    static AbstractMojoExecutionException translate(DevLoopException error) {
        if (error instanceof InvalidParameterException invalid) {
            return new MojoFailureException(withParameterHint(invalid), error);
        }
        if (error instanceof BuildFailedException || error instanceof StopConditionNotMetException) {
            return new MojoFailureException(error.getMessage(), error);
        }
        return new MojoExecutionException(error.getMessage(), error);
    }

    /**
     * Appends where the parameter is set, e.g. {@code <bind>} or {@code -Dwhisker.bind=...}, unless
     * the message already names the element or the property.
     */
    static String withParameterHint(InvalidParameterException error) {
        String name = error.parameter();
        String message = error.getMessage();
        if (message.contains("<" + name + ">") || message.contains("whisker." + name)) {
            return message;
        }
        if (!message.endsWith(".")) {
            message += ".";
        }
        return message + " Set <" + name + "> in the plugin's <configuration> or -Dwhisker." + name
                + "=... on the command line.";
    }
}

package dev.whisker.cargo;

import java.time.Duration;
import java.util.List;

/**
 * Progress of a cargo build or of the launched app, reported through {@link CargoListener}.
 * Events never contain the dev token or any other value of the app's environment.
 */
public sealed interface CargoEvent {

    /** Cargo was started with this command line in this directory. */
    record BuildStarted(List<String> command, String workingDirectory) implements CargoEvent {
        public BuildStarted {
            command = List.copyOf(command);
        }
    }

    /**
     * One rustc diagnostic as cargo forwarded it.
     *
     * @param level rustc's level: {@code error}, {@code warning}, {@code note}, {@code help} or
     *     {@code failure-note}
     * @param rendered the diagnostic as rustc prints it, possibly several lines
     */
    record CompilerMessage(String packageId, String level, String rendered) implements CargoEvent {}

    /** A line that cargo wrote to stderr, such as {@code Compiling foo v0.1.0}. */
    record OutputLine(String line) implements CargoEvent {}

    /** Cargo finished or produced a unit ({@code fresh} means it was reused without compiling). */
    record ArtifactReady(String packageId, String targetName, boolean fresh) implements CargoEvent {}

    /** Cargo exited; {@code success} is false for compile errors and for any non-zero exit. */
    record BuildFinished(boolean success, int exitCode, Duration duration) implements CargoEvent {}

    /** The app process started. */
    record AppStarted(long pid, List<String> command) implements CargoEvent {
        public AppStarted {
            command = List.copyOf(command);
        }
    }

    /** One line the app wrote, without its line terminator. */
    record AppOutput(long pid, Stream stream, String line) implements CargoEvent {}

    /** The app process ended with this exit code (128 + signal number when a signal ended it). */
    record AppExited(long pid, int exitCode) implements CargoEvent {}

    /** Output stream of a child process. */
    enum Stream {
        STDOUT,
        STDERR
    }
}

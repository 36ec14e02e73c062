package dev.whisker.cargo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to start the app: its argv, its working directory, and the dev server it connects to.
 * {@link #toString()} leaves the token out.
 *
 * @param command argv, program first. A program without {@code /} is looked up on PATH, and a
 *     relative path is resolved against {@code workingDirectory}.
 * @param fromLaunchCommand true when {@code command} came from the user's {@code launchCommand},
 *     so a missing program is reported against that parameter
 * @param devAddress {@code host:port} of the WebSocket endpoint, passed as {@code WHISKER_DEV_ADDR}
 * @param devToken the session token, passed as {@code WHISKER_DEV_TOKEN} when present
 */
public record LaunchSpec(List<String> command, boolean fromLaunchCommand, Path workingDirectory, String devAddress,
        Optional<String> devToken) {

    public LaunchSpec {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the launch command is empty; give the program as its first element");
        }
        command = List.copyOf(command);
    }

    /** Returns the spec that runs the built executable with {@code appArgs}. */
    public static LaunchSpec forBinary(Path binary, List<String> appArgs, Path workingDirectory, String devAddress,
            Optional<String> devToken) {
        List<String> command = new ArrayList<>();
        command.add(binary.toAbsolutePath().toString());
        command.addAll(appArgs);
        return new LaunchSpec(command, false, workingDirectory, devAddress, devToken);
    }

    /**
     * Returns the spec that runs the user's {@code launchCommand} (for example
     * {@code java -cp ... Main} for a JNI library) followed by {@code appArgs}.
     */
    public static LaunchSpec forCommand(List<String> launchCommand, List<String> appArgs, Path workingDirectory,
            String devAddress, Optional<String> devToken) {
        List<String> command = new ArrayList<>(launchCommand);
        command.addAll(appArgs);
        return new LaunchSpec(command, true, workingDirectory, devAddress, devToken);
    }

    @Override
    public String toString() {
        return "LaunchSpec[command=" + command + ", workingDirectory=" + workingDirectory + ", devAddress="
                + devAddress + ", devToken=" + (devToken.isPresent() ? "(set)" : "(none)") + "]";
    }
}

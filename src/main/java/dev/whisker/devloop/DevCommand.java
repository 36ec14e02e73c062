package dev.whisker.devloop;

import java.util.Optional;

/** A request from the user (a key on stdin) or from automation (a line of the command file). */
public enum DevCommand {
    /** {@code r}: patch the current changes into the running app now. */
    HOT_RELOAD,
    /** {@code R}: rebuild the crate and restart the app. */
    FULL_RELOAD,
    /** {@code q}: end the app and the loop. */
    QUIT;

    /**
     * Parses one input line: {@code r}, {@code R} or {@code q}, surrounding blanks ignored. Case
     * matters because {@code r} and {@code R} are different commands.
     */
    public static Optional<DevCommand> parseKey(String line) {
        switch (line.strip()) {
            case "r":
                return Optional.of(HOT_RELOAD);
            case "R":
                return Optional.of(FULL_RELOAD);
            case "q":
                return Optional.of(QUIT);
            default:
                return Optional.empty();
        }
    }
}

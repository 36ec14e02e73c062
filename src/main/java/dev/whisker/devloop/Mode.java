package dev.whisker.devloop;

import java.util.Locale;

/** Reaction of the loop to a saved file. */
public enum Mode {
    /** Patches Rust changes into the running app; changes a patch cannot express prompt for a full reload. */
    HOT,
    /** Rebuilds and restarts the app on every Rust or manifest change. */
    FULL,
    /** Watches nothing; only the keys start reloads. */
    OFF;

    /**
     * Parses {@code hot}, {@code full} or {@code off}, ignoring case.
     *
     * @throws InvalidParameterException naming {@code mode} for any other value
     */
    public static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new InvalidParameterException("mode", value, "Invalid mode '" + value + "': expected hot, full or off");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

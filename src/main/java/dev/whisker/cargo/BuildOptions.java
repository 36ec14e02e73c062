package dev.whisker.cargo;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cargo settings of the fat build.
 *
 * @param profile the cargo profile: {@code dev}, {@code release} or a custom profile of the
 *     manifest
 * @param features features to enable on the selected package, in addition to its defaults
 * @param exportedSymbols symbols the executable exports in its dynamic symbol table, for apps that
 *     find their anchor with {@code dlsym} (Dioxus's {@code subsecond} resolves {@code main}); a
 *     PIE executable exports none of its own symbols by default
 * @param stepTimeout how long one build step (a rustc call, a build script, the link) may run
 *     while cargo prints nothing, before the build is ended as timed out; zero for no limit
 */
public record BuildOptions(String profile, List<String> features, List<String> exportedSymbols, Duration stepTimeout) {

    /**
     * Default {@link #stepTimeout}. It is far above what a dev build of one crate takes, but a
     * build script that compiles a large C or C++ library may need more.
     */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(120);

    private static final Pattern SYMBOL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Set<String> TEST_PROFILES = Set.of("test", "bench", "check");

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if the profile is not a profile name cargo accepts for a
     *     bin build, a feature name is blank, or the step timeout is negative
     */
    public BuildOptions {
        if (stepTimeout.isNegative()) {
            throw new IllegalArgumentException("invalid step timeout " + stepTimeout.toSeconds()
                    + " s: use 0 for no limit or a positive number of seconds (set <stepTimeoutSeconds>/"
                    + "-Dwhisker.stepTimeoutSeconds)");
        }
        if (!PROFILE_NAME.matcher(profile).matches() || TEST_PROFILES.contains(profile)) {
            throw new IllegalArgumentException("invalid profile `" + profile + "`: use dev, release or the"
                    + " name of a [profile.<name>] table of Cargo.toml (set <profile>/-Dwhisker.profile)");
        }
        features = List.copyOf(features);
        for (String feature : features) {
            if (feature.isBlank() || feature.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("invalid feature name `" + feature + "`: give one feature"
                        + " per entry of <features>, or a comma-separated -Dwhisker.features");
            }
        }
        exportedSymbols = List.copyOf(exportedSymbols);
        for (String symbol : exportedSymbols) {
            if (!SYMBOL_NAME.matcher(symbol).matches()) {
                throw new IllegalArgumentException("invalid symbol name `" + symbol + "` to export: expected a C"
                        + " identifier such as main");
            }
        }
    }

    /** Creates options that export no symbol, with the {@link #DEFAULT_STEP_TIMEOUT}. */
    public BuildOptions(String profile, List<String> features) {
        this(profile, features, List.of(), DEFAULT_STEP_TIMEOUT);
    }

    /** Creates options that export {@code exportedSymbols}, with the {@link #DEFAULT_STEP_TIMEOUT}. */
    public BuildOptions(String profile, List<String> features, List<String> exportedSymbols) {
        this(profile, features, exportedSymbols, DEFAULT_STEP_TIMEOUT);
    }

    /** Creates options that export no symbol, with the given step timeout. */
    public BuildOptions(String profile, List<String> features, Duration stepTimeout) {
        this(profile, features, List.of(), stepTimeout);
    }

    /** Returns the options of a plain debug build: profile {@code dev}, default features. */
    public static BuildOptions defaults() {
        return new BuildOptions("dev", List.of());
    }
}

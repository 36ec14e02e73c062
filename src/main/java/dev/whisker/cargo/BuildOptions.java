package dev.whisker.cargo;

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
 */
public record BuildOptions(String profile, List<String> features, List<String> exportedSymbols) {

    private static final Pattern SYMBOL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Set<String> TEST_PROFILES = Set.of("test", "bench", "check");

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if the profile is not a profile name cargo accepts for a
     *     bin build, or a feature name is blank
     */
    public BuildOptions {
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

    /** Options that export no symbol. */
    public BuildOptions(String profile, List<String> features) {
        this(profile, features, List.of());
    }

    /** Returns the options of a plain debug build: profile {@code dev}, default features. */
    public static BuildOptions defaults() {
        return new BuildOptions("dev", List.of());
    }
}

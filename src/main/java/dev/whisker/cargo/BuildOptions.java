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
 */
public record BuildOptions(String profile, List<String> features) {

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
    }

    /** Returns the options of a plain debug build: profile {@code dev}, default features. */
    public static BuildOptions defaults() {
        return new BuildOptions("dev", List.of());
    }
}

package dev.whisker.devloop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of one dev-loop session, validated. Build one with {@link ConfigBuilder}, which
 * turns raw values into these types and rejects invalid ones with {@link InvalidParameterException}.
 *
 * @param projectDir the directory the manifest is searched in
 * @param buildDir the project's build directory; the loop keeps its files in {@code buildDir/whisker}
 * @param manifestPath the crate's {@code Cargo.toml} when set explicitly
 * @param packageName the cargo package to run when the manifest is a workspace
 * @param bin the bin target to run when the package has several
 * @param profile the cargo profile, {@code dev} by default
 * @param features cargo features to enable
 * @param bind the WebSocket endpoint's address
 * @param token the secret a client must send in its hello; empty when none is required
 * @param mode what a save does
 * @param launch whether the loop starts the app; false when the user starts it
 * @param launchCommand a command that replaces the cargo bin, empty for the bin
 * @param appArgs arguments passed to the app
 * @param debounce the quiet window after the last file event before a batch is handled
 * @param watch extra files or directories to watch besides the crates' sources
 * @param stop when the loop ends by itself
 * @param commandFile a file whose lines are read as keys, for automation
 * @param anchor the C name of the symbol whose runtime address apps report in their hello:
 *     {@code whisker_aslr_anchor} (the whisker client) or {@code main} (Dioxus's {@code subsecond})
 * @param autoRestart whether a change that only a full reload applies starts one without asking
 */
public record Config(
        Path projectDir,
        Path buildDir,
        Optional<Path> manifestPath,
        Optional<String> packageName,
        Optional<String> bin,
        String profile,
        List<String> features,
        BindAddress bind,
        Optional<String> token,
        Mode mode,
        boolean launch,
        List<String> launchCommand,
        List<String> appArgs,
        Duration debounce,
        List<Path> watch,
        StopConditions stop,
        Optional<Path> commandFile,
        String anchor,
        boolean autoRestart) {

    public Config {
        Objects.requireNonNull(projectDir, "projectDir");
        Objects.requireNonNull(buildDir, "buildDir");
        Objects.requireNonNull(anchor, "anchor");
        features = List.copyOf(features);
        launchCommand = List.copyOf(launchCommand);
        appArgs = List.copyOf(appArgs);
        watch = List.copyOf(watch);
    }

    /** Returns the directory for the loop's own files: capture, cargo target directory, shims. */
    public Path whiskerDir() {
        return buildDir.resolve("whisker");
    }

    /** Describes the settings with the token hidden, for logs and error messages. */
    @Override
    public String toString() {
        return "Config[projectDir=" + projectDir + ", manifestPath=" + manifestPath + ", package=" + packageName
                + ", bin=" + bin + ", profile=" + profile + ", features=" + features + ", bind=" + bind
                + ", token=" + (token.isPresent() ? "(set)" : "none") + ", mode=" + mode + ", launch=" + launch
                + ", launchCommand=" + launchCommand + ", appArgs=" + appArgs + ", debounce=" + debounce
                + ", watch=" + watch + ", stop=" + stop + ", commandFile=" + commandFile + ", anchor=" + anchor + ", autoRestart=" + autoRestart + "]";
    }
}

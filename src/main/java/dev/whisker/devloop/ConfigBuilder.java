package dev.whisker.devloop;

import dev.whisker.cargo.BuildOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.codehaus.plexus.util.cli.CommandLineUtils;

/**
 * Turns raw parameter values (as a user writes them in a pom or on the command line) into a validated
 * {@link Config}. A {@code null} or blank value means "not set" and selects the default. Every
 * rejection is an {@link InvalidParameterException} naming the parameter and the value.
 */
public final class ConfigBuilder {

    /** The value of {@code token} that disables the token check. */
    public static final String NO_TOKEN = "none";
    /** The default endpoint address; loopback, so other machines cannot connect. */
    public static final String DEFAULT_BIND = "127.0.0.1:9876";
    /** The default quiet window; editors finish an atomic save within a few milliseconds. */
    public static final long DEFAULT_DEBOUNCE_MILLIS = 50;
    /** The default time a build step may print nothing; see {@link BuildOptions#DEFAULT_STEP_TIMEOUT}. */
    public static final long DEFAULT_STEP_TIMEOUT_SECONDS = BuildOptions.DEFAULT_STEP_TIMEOUT.toSeconds();

    /** The anchor the whisker client defines. */
    public static final String DEFAULT_ANCHOR = "whisker_aslr_anchor";

    private static final Pattern SYMBOL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int TOKEN_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path projectDir;
    private final Path buildDir;
    private String manifestPath;
    private String packageName;
    private String bin;
    private String profile;
    private String features;
    private String bind;
    private String token;
    private String mode;
    private boolean launch = true;
    private String launchCommand;
    private String appArgs;
    private long debounceMillis = DEFAULT_DEBOUNCE_MILLIS;
    private String watch;
    private int stopAfterCycles;
    private long stopAfterSeconds;
    private String stopWhen;
    private String commandFile;
    private long stepTimeoutSeconds = DEFAULT_STEP_TIMEOUT_SECONDS;
    private String anchor;
    private boolean autoRestart;

    /**
     * @param projectDir the directory relative paths are resolved against
     * @param buildDir the project's build directory (Maven's {@code target})
     */
    public ConfigBuilder(Path projectDir, Path buildDir) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.buildDir = buildDir.toAbsolutePath().normalize();
    }

    public ConfigBuilder manifestPath(String value) {
        this.manifestPath = value;
        return this;
    }

    public ConfigBuilder packageName(String value) {
        this.packageName = value;
        return this;
    }

    public ConfigBuilder bin(String value) {
        this.bin = value;
        return this;
    }

    public ConfigBuilder profile(String value) {
        this.profile = value;
        return this;
    }

    /** Sets the cargo features, separated by commas or blanks. */
    public ConfigBuilder features(String value) {
        this.features = value;
        return this;
    }

    public ConfigBuilder bind(String value) {
        this.bind = value;
        return this;
    }

    /** Sets the client token; {@code none} disables the check, unset generates a random one. */
    public ConfigBuilder token(String value) {
        this.token = value;
        return this;
    }

    public ConfigBuilder mode(String value) {
        this.mode = value;
        return this;
    }

    public ConfigBuilder launch(boolean value) {
        this.launch = value;
        return this;
    }

    /** Sets the command that replaces the cargo bin, split like a shell splits words (quotes group). */
    public ConfigBuilder launchCommand(String value) {
        this.launchCommand = value;
        return this;
    }

    /** Sets the app's arguments, split like a shell splits words (quotes group). */
    public ConfigBuilder appArgs(String value) {
        this.appArgs = value;
        return this;
    }

    public ConfigBuilder debounceMillis(long value) {
        this.debounceMillis = value;
        return this;
    }

    /** Sets extra files or directories to watch, separated by commas. */
    public ConfigBuilder watch(String value) {
        this.watch = value;
        return this;
    }

    public ConfigBuilder stopAfterCycles(int value) {
        this.stopAfterCycles = value;
        return this;
    }

    public ConfigBuilder stopAfterSeconds(long value) {
        this.stopAfterSeconds = value;
        return this;
    }

    public ConfigBuilder stopWhen(String value) {
        this.stopWhen = value;
        return this;
    }

    public ConfigBuilder commandFile(String value) {
        this.commandFile = value;
        return this;
    }

    /** Sets how many seconds a build step may print nothing before the build is ended; 0 for no limit. */
    public ConfigBuilder stepTimeoutSeconds(long value) {
        this.stepTimeoutSeconds = value;
        return this;
    }

    /** Sets the anchor symbol; {@code main} serves apps that use Dioxus's {@code subsecond} crate. */
    public ConfigBuilder anchor(String value) {
        this.anchor = value;
        return this;
    }

    public ConfigBuilder autoRestart(boolean value) {
        this.autoRestart = value;
        return this;
    }

    /**
     * Validates every value and builds the config.
     *
     * @throws InvalidParameterException for the first invalid value
     */
    public Config build() {
        BindAddress bindAddress = BindAddress.parse(isSet(bind) ? bind : DEFAULT_BIND);
        return new Config(
                projectDir,
                buildDir,
                optional(manifestPath).map(this::resolve),
                optional(packageName),
                optional(bin),
                isSet(profile) ? profile.strip() : "dev",
                splitList(features, "[,\\s]+"),
                bindAddress,
                resolveToken(bindAddress),
                isSet(mode) ? Mode.parse(mode) : Mode.HOT,
                launch,
                splitCommand("launchCommand", launchCommand),
                splitCommand("appArgs", appArgs),
                debounce(),
                watchPaths(),
                stopConditions(),
                commandFilePath(),
                stepTimeout(),
                anchorSymbol(),
                autoRestart);
    }

    private String anchorSymbol() {
        String symbol = isSet(anchor) ? anchor.strip() : DEFAULT_ANCHOR;
        if (!SYMBOL_NAME.matcher(symbol).matches()) {
            throw new InvalidParameterException("anchor", anchor, "Invalid anchor '" + anchor + "': expected the C name"
                    + " of a symbol, such as " + DEFAULT_ANCHOR + " (the whisker client) or main (the subsecond crate)");
        }
        return symbol;
    }

    private Optional<String> resolveToken(BindAddress bindAddress) {
        if (!isSet(token)) {
            return Optional.of(randomToken());
        }
        if (!token.strip().equals(NO_TOKEN)) {
            return Optional.of(token.strip());
        }
        if (!bindAddress.isLoopback()) {
            throw new InvalidParameterException("token", NO_TOKEN, "token 'none' is rejected for bind address "
                    + bindAddress + ": it is not a loopback address, so any host that reaches it could push code"
                    + " into the app. Keep the default random token, set your own, or bind to 127.0.0.1");
        }
        return Optional.empty();
    }

    /** Returns 128 random bits as 32 lower-case hex digits. */
    static String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Duration debounce() {
        if (debounceMillis <= 0) {
            throw new InvalidParameterException("debounceMillis", Long.toString(debounceMillis),
                    "Invalid debounceMillis " + debounceMillis + ": expected a positive number of milliseconds");
        }
        return Duration.ofMillis(debounceMillis);
    }

    private Duration stepTimeout() {
        if (stepTimeoutSeconds < 0) {
            throw new InvalidParameterException("stepTimeoutSeconds", Long.toString(stepTimeoutSeconds),
                    "Invalid stepTimeoutSeconds " + stepTimeoutSeconds + ": expected 0 (no limit) or more seconds");
        }
        return Duration.ofSeconds(stepTimeoutSeconds);
    }

    private List<Path> watchPaths() {
        List<Path> paths = new ArrayList<>();
        for (String entry : splitList(watch, "\\s*,\\s*")) {
            Path path = resolve(entry);
            if (!Files.exists(path)) {
                throw new InvalidParameterException("watch", entry,
                        "Invalid watch path '" + entry + "': " + path + " does not exist");
            }
            paths.add(path);
        }
        return paths;
    }

    /** Resolves the command file, which must exist at start: a typo would otherwise leave the goal running forever. */
    private Optional<Path> commandFilePath() {
        Optional<Path> path = optional(commandFile).map(this::resolve);
        if (path.isPresent() && !Files.isRegularFile(path.get())) {
            throw new InvalidParameterException("commandFile", commandFile, "Invalid commandFile '" + commandFile.strip()
                    + "': " + path.get() + (Files.exists(path.get()) ? " is not a regular file" : " does not exist")
                    + ". Create it or fix the path of whisker.commandFile");
        }
        return path;
    }

    private StopConditions stopConditions() {
        if (stopAfterCycles < 0) {
            throw new InvalidParameterException("stopAfterCycles", Integer.toString(stopAfterCycles),
                    "Invalid stopAfterCycles " + stopAfterCycles + ": expected 0 (no limit) or more");
        }
        if (stopAfterSeconds < 0) {
            throw new InvalidParameterException("stopAfterSeconds", Long.toString(stopAfterSeconds),
                    "Invalid stopAfterSeconds " + stopAfterSeconds + ": expected 0 (no limit) or more");
        }
        return new StopConditions(stopAfterCycles, Duration.ofSeconds(stopAfterSeconds), optional(stopWhen).map(this::compile));
    }

    private Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidParameterException("stopWhen", regex,
                    "Invalid stopWhen '" + regex + "': not a Java regular expression: " + e.getDescription());
        }
    }

    private static List<String> splitCommand(String parameter, String value) {
        if (!isSet(value)) {
            return List.of();
        }
        try {
            return List.of(CommandLineUtils.translateCommandline(value));
        } catch (Exception e) {
            throw new InvalidParameterException(parameter, value,
                    "Invalid " + parameter + " '" + value + "': " + e.getMessage());
        }
    }

    private static List<String> splitList(String value, String separator) {
        if (!isSet(value)) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.strip().split(separator)) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private Path resolve(String path) {
        return projectDir.resolve(path.strip()).normalize();
    }

    private static Optional<String> optional(String value) {
        return isSet(value) ? Optional.of(value.strip()) : Optional.empty();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}

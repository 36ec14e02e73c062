package dev.whisker.maven;

import dev.whisker.devloop.Config;
import dev.whisker.devloop.ConfigBuilder;
import dev.whisker.devloop.DevLoopException;
import dev.whisker.devloop.DevServer;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the project's Rust crate, launches it, and watches its sources while you edit. A saved Rust
 * change is compiled into a patch and applied inside the running app, which keeps its state. Changes
 * a patch cannot express are reported and wait for a full reload. Keys on standard input: {@code r} +
 * Enter patch now, {@code R} + Enter full reload (rebuild and restart), {@code q} + Enter quit.
 * Ctrl-C ends the app and every build the goal started.
 */
@Mojo(name = "run", requiresProject = true, threadSafe = false)
public class RunMojo extends AbstractMojo {

    /**
     * The SLF4J simple-logger property for Jetty's level. Jetty logs every start and stop at INFO
     * through Maven's SLF4J binding, which the user cannot act on, so the goal lowers it to WARN
     * unless the user set the property.
     */
    private static final String JETTY_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.org.eclipse.jetty";

    /** The project directory; {@code Cargo.toml} is searched here and in {@code src/main/rust}. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File basedir;

    /** The build directory; the goal keeps its builds and capture files in {@code whisker/} below it. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /**
     * Path of the crate's {@code Cargo.toml}. When unset, {@code Cargo.toml} in the project directory
     * and then {@code src/main/rust/Cargo.toml} are tried.
     */
    @Parameter(property = "whisker.manifestPath")
    private File manifestPath;

    /**
     * The cargo package to run, when the manifest is a workspace with several packages. The
     * parameter is named {@code package}, a Java keyword, so Maven sets it through
     * {@link #setPackage(String)}.
     */
    @Parameter(name = "package", property = "whisker.package")
    private String packageName;

    /** The bin target to run, when the package has several. */
    @Parameter(property = "whisker.bin")
    private String bin;

    /** The cargo profile to build with. */
    @Parameter(property = "whisker.profile", defaultValue = "dev")
    private String profile;

    /** Cargo features to enable, separated by commas. */
    @Parameter(property = "whisker.features")
    private String features;

    /**
     * Address of the WebSocket endpoint the app connects to, as {@code host:port}. Port 0 picks a
     * free port, which the app receives in {@code WHISKER_DEV_ADDR}.
     */
    @Parameter(property = "whisker.bind", defaultValue = "127.0.0.1:9876")
    private String bind;

    /**
     * Secret the app must send before it receives patches, passed to the app in
     * {@code WHISKER_DEV_TOKEN}. When unset, a random 128-bit token is generated for each run.
     * {@code none} disables the check and is rejected unless {@code bind} is a loopback address.
     */
    @Parameter(property = "whisker.token")
    private String token;

    /**
     * Reaction to a saved file: {@code hot} patches Rust changes into the running app, {@code full}
     * rebuilds and restarts it, {@code off} watches nothing (use the keys).
     */
    @Parameter(property = "whisker.mode", defaultValue = "hot")
    private String mode;

    /**
     * The symbol whose runtime address the app reports, so patches can be relocated to it:
     * {@code whisker_aslr_anchor} for apps that use the whisker client, {@code main} for apps that use
     * Dioxus's {@code subsecond} crate. With {@code main}, the build exports {@code main} dynamically.
     */
    @Parameter(property = "whisker.anchor", defaultValue = "whisker_aslr_anchor")
    private String anchor;

    /**
     * Whether a change that a patch cannot apply (a manifest edit, a new thread-local, a patch an app
     * rejected) rebuilds and restarts the app without waiting for {@code R}.
     */
    @Parameter(property = "whisker.autoRestart", defaultValue = "false")
    private boolean autoRestart;

    /** Whether the goal starts the app; set to false to start it yourself with the printed environment. */
    @Parameter(property = "whisker.launch", defaultValue = "true")
    private boolean launch;

    /**
     * A command that starts the app instead of the cargo bin, split into words like a shell does,
     * for example {@code java -Djava.library.path=target/whisker/cargo/debug -jar app.jar}.
     */
    @Parameter(property = "whisker.launchCommand")
    private String launchCommand;

    /** Arguments passed to the app, split into words like a shell does. */
    @Parameter(property = "whisker.appArgs")
    private String appArgs;

    /** Milliseconds without file events before a batch of changes is handled. */
    @Parameter(property = "whisker.debounceMillis", defaultValue = "50")
    private long debounceMillis;

    /**
     * Seconds a build step (a rustc call, a build script, the link) may run while cargo prints
     * nothing. A step that takes longer is treated as hung: the build is ended and reported, and the
     * loop waits for the next change or {@code R}. Raise it for build scripts that compile large C
     * or C++ libraries; 0 means no limit.
     */
    @Parameter(property = "whisker.stepTimeoutSeconds", defaultValue = "120")
    private long stepTimeoutSeconds;

    /**
     * Extra files or directories to watch besides the sources of the crate and its path
     * dependencies, separated by commas, relative to the project directory.
     */
    @Parameter(property = "whisker.watch")
    private String watch;

    /**
     * For automation: end the goal after this many reload cycles (full reloads and patches).
     * 0 runs until {@code q} or Ctrl-C.
     */
    @Parameter(property = "whisker.stopAfterCycles", defaultValue = "0")
    private int stopAfterCycles;

    /**
     * For automation: end the goal after this many seconds. If {@code stopAfterCycles} or
     * {@code stopWhen} is also set and not met by then, the goal fails. 0 means no limit.
     */
    @Parameter(property = "whisker.stopAfterSeconds", defaultValue = "0")
    private long stopAfterSeconds;

    /**
     * For automation: end the goal when a line of app output matches this Java regular expression.
     * With {@code stopAfterCycles}, only output printed after that many cycles counts.
     */
    @Parameter(property = "whisker.stopWhen")
    private String stopWhen;

    /**
     * For automation: a file whose lines are read as keys ({@code r}, {@code R}, {@code q}). The first
     * line is used once an app has connected, and each further line once an app has connected again
     * after the previous one, so {@code R} then {@code q} restarts the app once and then quits.
     */
    @Parameter(property = "whisker.commandFile")
    private File commandFile;

    /** Sets the {@code package} parameter; Maven calls it because no field can have that name. */
    public void setPackage(String value) {
        this.packageName = value;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (System.getProperty(JETTY_LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(JETTY_LOG_LEVEL_PROPERTY, "warn");
        }
        try {
            Config config = readConfig();
            getLog().debug("whisker:run with " + config);
            try (EventLogWriter events = new EventLogWriter(getLog())) {
                runSession(config, events);
            }
        } catch (DevLoopException e) {
            MojoFailures.rethrow(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Interrupted while the dev loop was running", e);
        }
    }

    /** Reads the parameters into a validated config; visible so tests can check the mapping. */
    Config readConfig() {
        return new ConfigBuilder(basedir.toPath(), buildDirectory.toPath())
                .manifestPath(manifestPath == null ? null : manifestPath.getPath())
                .packageName(packageName)
                .bin(bin)
                .profile(profile)
                .features(features)
                .bind(bind)
                .token(token)
                .mode(mode)
                .launch(launch)
                .launchCommand(launchCommand)
                .appArgs(appArgs)
                .debounceMillis(debounceMillis)
                .watch(watch)
                .stopAfterCycles(stopAfterCycles)
                .stopAfterSeconds(stopAfterSeconds)
                .stopWhen(stopWhen)
                .commandFile(commandFile == null ? null : commandFile.getPath())
                .stepTimeoutSeconds(stepTimeoutSeconds)
                .anchor(anchor)
                .autoRestart(autoRestart)
                .build();
    }

    /**
     * Runs one session until {@code q}, a stop condition or a failure, and always closes it: the
     * shutdown hook covers Ctrl-C, where the JVM exits without returning here.
     */
    private static void runSession(Config config, EventLogWriter events) throws InterruptedException {
        DevServer server = new DevServer(config, events);
        Thread shutdownHook = new Thread(() -> server.close("interrupted (Ctrl-C or SIGTERM)"),
                "whisker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            KeyReader.start(System.in, server::submit, events);
            server.start();
            server.run();
        } finally {
            server.close();
            removeShutdownHook(shutdownHook);
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C), and the hook is running or has run.
        }
    }
}

package dev.whisker.devloop;

import dev.whisker.cargo.AppLauncher;
import dev.whisker.cargo.BuildLayout;
import dev.whisker.cargo.BuildOptions;
import dev.whisker.cargo.BuildResult;
import dev.whisker.cargo.CargoException;
import dev.whisker.cargo.CargoListener;
import dev.whisker.cargo.CargoProject;
import dev.whisker.cargo.ChildProcesses;
import dev.whisker.cargo.FatBuild;
import dev.whisker.cargo.LaunchSpec;
import dev.whisker.cargo.RunningApp;
import dev.whisker.cargo.Toolchain;
import dev.whisker.watch.ChangeBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds the crate and runs the app for one session: the fat build, launching the binary that was
 * built with its capture, restarting it on a full reload, and ending every child process on close.
 *
 * <p>A full reload builds first and replaces the app only when the build succeeded, so a compile
 * error leaves the old app running. Launching is refused once the session is closed, so a build that
 * finishes during Ctrl-C cannot start an app that would outlive the session.
 */
final class AppSession implements CycleRunner {

    private static final Duration STOP_GRACE = ChildProcesses.DEFAULT_GRACE;

    private final Config config;
    private final Toolchain toolchain;
    private final CargoProject project;
    private final ChildProcesses children;
    private final CargoListener cargoListener;
    private final Consumer<Event> events;
    private final AppLauncher launcher;
    private final PatchSender patchSender;
    /** The cargo builds, kept apart from the app so that quitting can end a build and leave the app running. */
    private final ChildProcesses buildProcesses = new ChildProcesses();
    private String devAddress;
    private RunningApp app;
    private boolean closed;
    private volatile boolean buildsCancelled;

    AppSession(Config config, Toolchain toolchain, CargoProject project, ChildProcesses children,
            CargoListener cargoListener, Consumer<Event> events, PatchSender patchSender) {
        this.config = config;
        this.toolchain = toolchain;
        this.project = project;
        this.children = children;
        this.cargoListener = cargoListener;
        this.events = events;
        this.patchSender = patchSender;
        this.launcher = new AppLauncher(toolchain.environment(), children, cargoListener);
    }

    /** Sets the {@code host:port} the app connects to, once the endpoint is bound. */
    void setDevAddress(String address) {
        this.devAddress = address;
    }

    /**
     * Runs the fat build and reports its start, output and end as events.
     *
     * @throws CargoException if the build fails; cargo's diagnostics were reported already
     */
    BuildResult build(int cycle, String reason) throws CargoException {
        if (buildsCancelled) {
            throw new CargoException("Not building: the session is ending", null);
        }
        events.accept(new Event.BuildStarted(cycle, reason));
        long start = System.nanoTime();
        // Dioxus's subsecond finds its anchor with dlsym(RTLD_DEFAULT, "main"), which needs main in .dynsym.
        List<String> exported = config.anchor().equals("main") ? List.of("main") : List.of();
        BuildOptions options = new BuildOptions(config.profile(), config.features(), exported,
                config.stepTimeout());
        FatBuild build = new FatBuild(toolchain, project, BuildLayout.under(config.buildDir()), options,
                buildProcesses, cargoListener);
        try {
            BuildResult result = build.run();
            events.accept(new Event.BuildFinished(true, elapsed(start), result.binary().toString()));
            patchSender.buildFinished(result.captureDir(), result.binary());
            return result;
        } catch (CargoException e) {
            if (buildsCancelled) {
                events.accept(new Event.Notice("Build cancelled after " + elapsed(start).toSeconds() + " s"));
            } else {
                events.accept(new Event.BuildFinished(false, elapsed(start), e.getMessage()));
            }
            throw e;
        }
    }

    /**
     * Ends the running build, cargo and its descendants included, and makes every later
     * {@link #build} fail at once. The app keeps running, so that a quit can still wait for the
     * replies to a patch. Blocks up to the grace period of {@link ChildProcesses#destroyAll}.
     */
    void cancelBuilds() {
        buildsCancelled = true;
        endBuildProcesses();
    }

    /**
     * Ends the build processes. Synchronized so that {@link #close()} waits for a cancel on another
     * thread: that cancel listed cargo's descendants before cargo exited, and only it waits for them.
     */
    private void endBuildProcesses() {
        synchronized (buildProcesses) {
            buildProcesses.close();
        }
    }

    /** Returns whether {@link #cancelBuilds()} was called, so a failed build is not reported as a compile error. */
    boolean buildsCancelled() {
        return buildsCancelled;
    }

    /**
     * Checks that the program of the launch command exists, so a typo fails before the build.
     *
     * @throws CargoException naming {@code launchCommand} if it does not
     */
    void checkLaunchCommand() throws CargoException {
        if (config.launch() && !config.launchCommand().isEmpty()) {
            launcher.resolveProgram(LaunchSpec.forCommand(config.launchCommand(), config.appArgs(),
                    config.projectDir(), devAddress, config.token()));
        }
    }

    /**
     * Starts the app from {@code build}, or from the launch command when one is configured. With
     * {@code launch=false} it only reports how to start the app by hand.
     *
     * @throws CargoException if the program cannot be started
     */
    synchronized void launch(BuildResult build) throws CargoException {
        if (closed) {
            return;
        }
        if (!config.launch()) {
            reportManualStart(build);
            return;
        }
        LaunchSpec spec = config.launchCommand().isEmpty()
                ? LaunchSpec.forBinary(build.binary(), config.appArgs(), config.projectDir(), devAddress, config.token())
                : LaunchSpec.forCommand(config.launchCommand(), config.appArgs(), config.projectDir(), devAddress,
                        config.token());
        app = launcher.launch(spec);
    }

    /**
     * Tells the user how to start the app by hand. The token goes into a file readable only by the
     * user, because the log must not contain it.
     */
    private void reportManualStart(BuildResult build) throws CargoException {
        String token = "";
        if (config.token().isPresent()) {
            Path tokenFile = config.whiskerDir().resolve("token");
            writePrivateFile(tokenFile, config.token().get());
            token = " WHISKER_DEV_TOKEN=\"$(cat " + tokenFile + ")\"";
        }
        events.accept(new Event.Notice("Not launching the app (launch=false). Start it with: WHISKER_DEV_ADDR="
                + devAddress + token + " " + build.binary()));
    }

    private static void writePrivateFile(Path file, String content) throws CargoException {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new CargoException("Could not write the token file " + file + ": " + e.getMessage(), null, e);
        }
    }

    @Override
    public boolean fullReload(int cycle, String reason) {
        BuildResult result;
        try {
            result = build(cycle, reason);
        } catch (CargoException e) {
            if (!buildsCancelled) {
                events.accept(new Event.Warning(
                        "The app keeps running the previous build. Fix the error and press R + Enter."));
            }
            return false;
        }
        if (appPid().isPresent()) {
            events.accept(new Event.Notice("Stopping the old app (pid " + appPid().get() + ") to start the new build"));
        }
        stopApp();
        try {
            launch(result);
            return true;
        } catch (CargoException e) {
            events.accept(new Event.Warning("Could not start the app: " + e.getMessage()));
            return false;
        }
    }

    @Override
    public boolean patcherReady() {
        return patchSender.ready();
    }

    @Override
    public PatchOutcome hotPatch(int cycle, ChangeBatch batch) throws InterruptedException {
        return patchSender.patch(cycle, batch);
    }

    @Override
    public synchronized boolean isCurrentApp(long pid) {
        return app != null && app.pid() == pid;
    }

    /** Ends the current app and its descendants, waiting a bounded time. */
    synchronized void stopApp() {
        if (app != null) {
            app.stop(STOP_GRACE);
        }
    }

    /** Ends the app and every other child process (a running cargo included); no app starts afterwards. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        stopApp();
        endBuildProcesses();
        children.destroyAll(STOP_GRACE);
        patchSender.closePatcher();
    }

    /** Returns the current app's pid, if one was launched. */
    synchronized Optional<Long> appPid() {
        return Optional.ofNullable(app).map(RunningApp::pid);
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}

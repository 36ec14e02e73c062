package dev.whisker.devloop;

import dev.whisker.cargo.BuildResult;
import dev.whisker.cargo.CargoException;
import dev.whisker.cargo.CargoProject;
import dev.whisker.cargo.CargoTarget;
import dev.whisker.cargo.ChildProcesses;
import dev.whisker.cargo.Toolchain;
import dev.whisker.server.PortInUseException;
import dev.whisker.server.ServerConfig;
import dev.whisker.server.ServerEvent;
import dev.whisker.server.WhiskerServer;
import dev.whisker.server.WhiskerServerException;
import dev.whisker.watch.ChangeBatch;
import dev.whisker.watch.SourceWatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One dev session, free of Maven: finds the crate with {@code cargo metadata}, binds the WebSocket
 * endpoint, runs the fat build, launches the app with {@code WHISKER_DEV_ADDR} and
 * {@code WHISKER_DEV_TOKEN}, watches the sources and then runs the change loop.
 *
 * <p>Use: {@link #start()}, then {@link #run()} until it returns, then {@link #close()} (also from a
 * shutdown hook; closing twice is harmless). Everything is reported through the event consumer; the
 * typed {@link DevLoopException}s state why the session could not start or had to end.
 *
 * <p>The endpoint is bound before the build, so a port conflict fails in a second instead of after
 * a long build.
 */
public final class DevServer implements AutoCloseable {

    /** How long closing waits for the replies to a patch sent just before; applying takes milliseconds. */
    private static final Duration PENDING_REPLY_WAIT = Duration.ofSeconds(1);
    /**
     * How long a second caller of {@link #close()} waits for the first one to finish. Longer than the
     * grace period of the child processes plus the endpoint's close-frame wait.
     */
    private static final Duration CONCURRENT_CLOSE_WAIT = Duration.ofSeconds(30);

    private final Config config;
    private final Consumer<Event> events;
    private final Optional<PatcherFactory> patcherFactory;
    private final ChildProcesses children = new ChildProcesses();
    private final StopTracker stopTracker;
    private final ChangeLoop loop;
    private final PatchReplies replies;
    private final ChangeClassifier classifier = new ChangeClassifier();
    private final ScheduledExecutorService timer;
    private volatile WhiskerServer server;
    private volatile AppSession session;
    private SourceWatcher watcher;
    private CommandFileFeeder commandFileFeeder;
    private boolean closed;
    private boolean ending;
    private final CountDownLatch closeFinished = new CountDownLatch(1);

    /**
     * Creates a session that, in mode {@code hot}, patches Rust changes with the hot-patch package. Its
     * work files go to {@code <whiskerDir>/patch}.
     */
    public DevServer(Config config, Consumer<Event> events) {
        this(config, events, config.mode() == Mode.HOT
                ? Optional.of(new HotPatcherFactory(config.whiskerDir().resolve("patch"), config.anchor(), events))
                : Optional.empty());
    }

    /**
     * Creates a session that patches Rust changes with a patcher from {@code patcherFactory}, created
     * after every successful build, when a factory is given.
     */
    public DevServer(Config config, Consumer<Event> events, Optional<PatcherFactory> patcherFactory) {
        this.config = config;
        this.events = events;
        this.patcherFactory = patcherFactory;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "whisker-stop-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.stopTracker = new StopTracker(config.stop(), this::submitInput);
        this.loop = new ChangeLoop(config.mode(), config.autoRestart(), new DeferredRunner(), events, stopTracker,
                classifier);
        this.replies = new PatchReplies(events, PatchReplies.DEFAULT_WAIT, config.autoRestart(),
                reason -> submitInput(new LoopInput.ReloadNeeded(reason)));
    }

    /**
     * Starts the session: resolves the crate, binds the endpoint, builds, launches the app and starts
     * watching.
     *
     * @throws InvalidParameterException if a parameter is invalid (no {@code Cargo.toml}, port in use...)
     * @throws BuildFailedException if the initial build fails
     * @throws EnvironmentException if cargo is missing or a process or socket cannot be used
     */
    public void start() {
        scheduleTimeout();
        Toolchain toolchain = translate(Toolchain::locate);
        CargoProject project = translate(() -> CargoProject.load(toolchain, config.projectDir(), config.manifestPath(),
                config.packageName(), config.bin()));
        reportTipTarget(project);

        AppSession created = new AppSession(config, toolchain, project, children,
                new CargoEvents(events, stopTracker, this::submitInput)::accept, events,
                new PatchSender(patcherFactory, () -> server, events, replies, classifier));
        boolean endRequested;
        synchronized (this) {
            if (closed) {
                return;
            }
            session = created;
            endRequested = ending;
        }
        if (endRequested) {
            created.cancelBuilds();
        }

        startServer();
        synchronized (this) {
            if (closed) {
                // close() may have run before the endpoint was assigned, so it could not close it.
                server.close();
                return;
            }
        }
        session.setDevAddress(devAddress(server.boundAddress()));
        translate(() -> {
            session.checkLaunchCommand();
            return null;
        });

        BuildResult build;
        try {
            build = session.build(0, "initial build");
        } catch (CargoException e) {
            if (session.buildsCancelled()) {
                // q or a stop condition ended the build; run() takes that input from the queue and returns.
                return;
            }
            throw CargoFailures.translate(e, config);
        }
        translate(() -> {
            session.launch(build);
            return null;
        });
        startWatcher(project);
    }

    /** Reports the target the fat build compiles, and rejects a library that nothing would load. */
    private void reportTipTarget(CargoProject project) {
        CargoTarget tip = translate(project::requireTipTarget);
        String packageName = project.selectedPackage().name();
        if (!tip.isBin() && config.launch() && config.launchCommand().isEmpty()) {
            throw new InvalidParameterException("launchCommand", null, "Crate " + packageName
                    + " has no bin target, only the library " + tip.name() + ". Set launchCommand to the program"
                    + " that loads it, or set launch to false and start that program yourself");
        }
        events.accept(new Event.CrateResolved(project.manifestPath(), packageName,
                (tip.isBin() ? "bin " : "library ") + tip.name()));
    }

    /**
     * Runs the change loop on the calling thread until {@code q}, a stop condition or {@link #close()}.
     *
     * @throws StopConditionNotMetException if the timeout ended the loop before its other conditions
     */
    public void run() throws InterruptedException {
        loop.run();
    }

    /** Queues a key command; safe from any thread. */
    public void submit(DevCommand command) {
        submitInput(new LoopInput.Command(command));
    }

    /**
     * Queues an input for the loop. {@code q} and stop requests also cancel a running build, because
     * the loop thread (or, during {@link #start()}, the caller's thread) takes the next input only
     * after the build ends, which can take minutes.
     */
    private void submitInput(LoopInput input) {
        loop.submit(input);
        if (endsSession(input)) {
            cancelBuilds();
        }
    }

    private static boolean endsSession(LoopInput input) {
        return input instanceof LoopInput.Stop
                || input instanceof LoopInput.Command command && command.command() == DevCommand.QUIT;
    }

    /** Cancels builds on a separate thread, because ending cargo waits up to its grace period. */
    private void cancelBuilds() {
        AppSession current;
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
            current = session;
        }
        if (current != null) {
            Thread thread = new Thread(current::cancelBuilds, "whisker-cancel-build");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void startServer() {
        config.bind().resolve();
        ServerConfig serverConfig = ServerConfig.of(config.bind().host(), config.bind().port(), config.token());
        try {
            ServerEvents mapper = new ServerEvents(events, this::helloAccepted);
            server = WhiskerServer.start(serverConfig, event -> {
                if (event instanceof ServerEvent.PatchApplied applied) {
                    replies.applied(applied.clientId(), applied.patchId(), applied.ok(), applied.error());
                } else {
                    mapper.accept(event);
                }
            });
        } catch (PortInUseException e) {
            throw new InvalidParameterException("bind", config.bind().toString(), "Cannot listen on " + config.bind()
                    + ": the address is already in use. Stop the process that holds it or choose another port"
                    + " (port 0 picks a free one)");
        } catch (WhiskerServerException e) {
            throw new EnvironmentException("Cannot start the WebSocket endpoint on " + config.bind() + ": "
                    + e.getMessage(), e);
        }
        events.accept(new Event.ServerStarted(server.boundAddress(), config.token().isPresent()));
        if (!server.boundAddress().getAddress().isLoopbackAddress()) {
            events.accept(new Event.Warning("The endpoint on " + config.bind() + " is reachable from other machines"
                    + " on the network" + (config.token().isPresent() ? " (they still need the token)" : "")
                    + ". Set whisker.bind to 127.0.0.1:" + config.bind().port() + " unless apps on other machines"
                    + " must connect"));
        }
    }

    private void helloAccepted() {
        feeder().ifPresent(CommandFileFeeder::helloAccepted);
    }

    private synchronized Optional<CommandFileFeeder> feeder() {
        if (config.commandFile().isPresent() && commandFileFeeder == null) {
            commandFileFeeder = new CommandFileFeeder(config.commandFile().get(), this::submit, events);
        }
        return Optional.ofNullable(commandFileFeeder);
    }

    /** Returns the address the app connects to: a wildcard bind is reached through loopback. */
    static String devAddress(InetSocketAddress bound) {
        if (bound.getAddress().isAnyLocalAddress()) {
            return "127.0.0.1:" + bound.getPort();
        }
        return BindAddress.format(bound);
    }

    private void startWatcher(CargoProject project) {
        SourceWatcher started = SessionWatcher.start(config, project, classifier, events, this::submitInput);
        synchronized (this) {
            watcher = started;
        }
    }

    private void scheduleTimeout() {
        if (!config.stop().timeout().isZero()) {
            timer.schedule(stopTracker::timeoutReached, config.stop().timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Ends the session: stops watching, ends the app and every build, closes the endpoint (freeing
     * its port) and makes {@link #run()} return. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        close("session closed");
    }

    /**
     * Ends the session like {@link #close()}, reporting {@code reason} as why it stopped when the loop
     * is still running; a JVM shutdown hook passes the signal here.
     */
    public void close(String reason) {
        SourceWatcher watching;
        boolean closing;
        synchronized (this) {
            closing = closed;
            closed = true;
            watching = watcher;
        }
        if (closing) {
            awaitConcurrentClose();
            return;
        }
        try {
            submitInput(new LoopInput.Stop(reason, null));
            timer.shutdownNow();
            finishPendingPatches();
            replies.close();
            closeQuietly(watching);
            if (session != null) {
                session.close();
            }
            children.destroyAll(ChildProcesses.DEFAULT_GRACE);
            if (server != null) {
                server.close();
            }
        } finally {
            closeFinished.countDown();
        }
    }

    /**
     * Waits for a close that another thread started. On Ctrl-C the JVM's shutdown hook closes the
     * session while the goal's own thread returns to Maven, and Maven then disposes the plugin's class
     * loader: the goal's thread must not return before the hook has finished, or the hook fails to
     * load the classes it still needs.
     */
    private void awaitConcurrentClose() {
        try {
            closeFinished.await(CONCURRENT_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the replies to the last patch a moment, while the app still runs, so its summary is printed. */
    private void finishPendingPatches() {
        try {
            replies.finishPending(PENDING_REPLY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(SourceWatcher watching) {
        if (watching == null) {
            return;
        }
        try {
            watching.close();
        } catch (IOException e) {
            events.accept(new Event.Detail("Closing the watcher failed: " + e.getMessage()));
        }
    }

    /** Returns the anchor addresses of the apps whose hello was accepted; empty before the endpoint starts. */
    Set<Long> authenticatedAslrReferences() {
        WhiskerServer current = server;
        return current == null ? Set.of() : current.authenticatedAslrReferences();
    }

    /** A cargo step that may fail with a checked {@link CargoException}. */
    private interface CargoStep<T> {
        T run() throws CargoException;
    }

    private <T> T translate(CargoStep<T> step) {
        try {
            return step.run();
        } catch (CargoException e) {
            throw CargoFailures.translate(e, config);
        }
    }

    /** Forwards to the session, which exists only after {@link #start()} resolved the crate. */
    private final class DeferredRunner implements CycleRunner {
        @Override
        public boolean fullReload(int cycle, String reason) throws InterruptedException {
            return session.fullReload(cycle, reason);
        }

        @Override
        public boolean patcherReady() {
            return session.patcherReady();
        }

        @Override
        public PatchOutcome hotPatch(int cycle, ChangeBatch batch) throws InterruptedException {
            return session.hotPatch(cycle, batch);
        }

        @Override
        public boolean isCurrentApp(long pid) {
            return session.isCurrentApp(pid);
        }
    }
}

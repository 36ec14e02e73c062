package dev.whisker.cargo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the app, streams its stdout and stderr as {@link CargoEvent.AppOutput} events line by
 * line, and reports its exit as {@link CargoEvent.AppExited}. The app inherits the base
 * environment plus {@code WHISKER_DEV_ADDR} and {@code WHISKER_DEV_TOKEN}. No event contains
 * the environment. The app gets no stdin (it reads end of file), so the plugin's own stdin
 * stays free for its key commands.
 */
public final class AppLauncher {

    /** Maximum time to wait for the app's last output lines after it exited. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final Map<String, String> baseEnvironment;
    private final ChildProcesses children;
    private final CargoListener listener;

    /**
     * @param baseEnvironment the environment the app starts from, usually
     *     {@link Toolchain#environment()}. Its {@code PATH} is also where a bare program name is
     *     looked up.
     */
    public AppLauncher(Map<String, String> baseEnvironment, ChildProcesses children, CargoListener listener) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.children = children;
        this.listener = listener;
    }

    /**
     * Starts the app described by {@code spec}.
     *
     * @throws LaunchException if the program does not exist or cannot be started
     */
    public RunningApp launch(LaunchSpec spec) throws LaunchException {
        List<String> command = new ArrayList<>(spec.command());
        command.set(0, resolveProgram(spec).toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workingDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(baseEnvironment);
        builder.environment().put("WHISKER_DEV_ADDR", spec.devAddress());
        builder.environment().remove("WHISKER_DEV_TOKEN");
        spec.devToken().ifPresent(token -> builder.environment().put("WHISKER_DEV_TOKEN", token));

        Process process;
        try {
            process = children.track(builder.start());
        } catch (IOException e) {
            throw new LaunchException("Could not start " + command.get(0) + ": " + e.getMessage(),
                    spec.fromLaunchCommand() ? "launchCommand" : null, e);
        }
        long pid = process.pid();
        listener.onEvent(new CargoEvent.AppStarted(pid, command));
        Thread stdout = LineReader.start(process.getInputStream(), "whisker-app-stdout-" + pid,
                line -> listener.onEvent(new CargoEvent.AppOutput(pid, CargoEvent.Stream.STDOUT, line)));
        Thread stderr = LineReader.start(process.getErrorStream(), "whisker-app-stderr-" + pid,
                line -> listener.onEvent(new CargoEvent.AppOutput(pid, CargoEvent.Stream.STDERR, line)));
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread waiter = new Thread(() -> awaitExit(process, stdout, stderr, exitCode), "whisker-app-exit-" + pid);
        waiter.setDaemon(true);
        waiter.start();
        return new RunningApp(process, exitCode);
    }

    private void awaitExit(Process process, Thread stdout, Thread stderr, CompletableFuture<Integer> exitCode) {
        try {
            int code = process.waitFor();
            // A grandchild that inherited the pipes can keep them open, so the wait is bounded.
            stdout.join(OUTPUT_DRAIN.toMillis());
            stderr.join(OUTPUT_DRAIN.toMillis());
            try {
                listener.onEvent(new CargoEvent.AppExited(process.pid(), code));
            } catch (RuntimeException e) {
                // The exit code still reaches the caller through the future.
            }
            exitCode.complete(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode.completeExceptionally(e);
        }
    }

    /**
     * Returns the absolute path of the program {@code spec} starts: a name with a slash resolved
     * against the working directory, any other name searched on the {@code PATH} of the base
     * environment. Callers use it to reject a wrong launch command before a long build.
     *
     * @throws LaunchException if the program does not exist or is not executable
     */
    public Path resolveProgram(LaunchSpec spec) throws LaunchException {
        String program = spec.command().get(0);
        String parameter = spec.fromLaunchCommand() ? "launchCommand" : null;
        if (program.contains("/")) {
            Path path = spec.workingDirectory().resolve(program).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw new LaunchException("The program " + path + " does not exist" + fixHint(spec), parameter, null);
            }
            if (!Files.isExecutable(path)) {
                throw new LaunchException("The program " + path + " is not executable" + fixHint(spec), parameter,
                        null);
            }
            return path;
        }
        String searchPath = baseEnvironment.getOrDefault("PATH", "");
        return Toolchain.findOnPath(program, searchPath).orElseThrow(() -> new LaunchException(
                "The program " + program + " was not found on PATH (" + searchPath + ")" + fixHint(spec),
                parameter, null));
    }

    private static String fixHint(LaunchSpec spec) {
        return spec.fromLaunchCommand() ? "; fix the first element of <launchCommand>/-Dwhisker.launchCommand" : "";
    }
}

package dev.whisker.cargo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Output of a short command that ran to completion, such as {@code cargo metadata}. */
record CommandResult(int exitCode, String stdout, String stderr) {

    /**
     * Runs {@code command} with exactly {@code environment}, collecting both streams.
     *
     * @throws CargoException if the command cannot start, exceeds {@code timeout} (it is then
     *     ended with its descendants) or the thread is interrupted
     */
    static CommandResult run(List<String> command, Path directory, Map<String, String> environment,
            Duration timeout) throws CargoException {
        return run(command, directory, environment, timeout, new ChildProcesses());
    }

    /** Runs {@code command} like {@link #run(List, Path, Map, Duration)}, tracked in {@code children}. */
    static CommandResult run(List<String> command, Path directory, Map<String, String> environment,
            Duration timeout, ChildProcesses children) throws CargoException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        String commandLine = String.join(" ", command);
        Process process;
        try {
            process = children.track(builder.start());
        } catch (IOException e) {
            throw new CargoException("Could not start `" + commandLine + "`: " + e.getMessage(), null, e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CargoException("`" + commandLine + "` timed out after " + timeout.toSeconds() + " s", null);
            }
            return new CommandResult(process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CargoException("Interrupted while running `" + commandLine + "`", null, e);
        } catch (ExecutionException | IOException e) {
            throw new CargoException("Could not read the output of `" + commandLine + "`: " + e.getMessage(), null, e);
        } finally {
            ChildProcesses.destroyTree(process.toHandle(), ChildProcesses.DEFAULT_GRACE);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "whisker-command-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}

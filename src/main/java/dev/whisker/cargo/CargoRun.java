package dev.whisker.cargo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cargo invocation with {@code --message-format json}: streams stderr lines and rustc
 * diagnostics to the listener as they arrive and collects the artifacts. To cancel it, end the
 * process through the {@link ChildProcesses} it is tracked in, and the run then finishes as failed.
 */
final class CargoRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(10);

    private final CargoListener listener;
    private final List<CargoArtifact> artifacts = new ArrayList<>();
    private String firstError;
    private boolean buildFinishedSuccess;

    private CargoRun(CargoListener listener) {
        this.listener = listener;
    }

    /** Result of a cargo run; {@code firstError} is the first rustc error's one-line message, if any. */
    record Result(int exitCode, boolean success, List<CargoArtifact> artifacts, Optional<String> firstError,
            Duration duration) {
    }

    static Result execute(List<String> command, Path directory, Map<String, String> environment,
            ChildProcesses children, CargoListener listener) throws CargoException {
        return new CargoRun(listener).run(command, directory, environment, children);
    }

    private Result run(List<String> command, Path directory, Map<String, String> environment,
            ChildProcesses children) throws CargoException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        listener.onEvent(new CargoEvent.BuildStarted(command, directory.toString()));
        Process process;
        try {
            process = children.track(builder.start());
        } catch (IOException e) {
            throw new CargoException("Could not start cargo (" + command.get(0) + "): " + e.getMessage(), null, e);
        }
        try {
            process.getOutputStream().close();
            Thread stderr = LineReader.start(process.getErrorStream(), "whisker-cargo-stderr",
                    line -> listener.onEvent(new CargoEvent.OutputLine(line)));
            readMessages(process);
            int exitCode = process.waitFor();
            stderr.join(STDERR_DRAIN.toMillis());
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            boolean success = exitCode == 0 && buildFinishedSuccess;
            listener.onEvent(new CargoEvent.BuildFinished(success, exitCode, duration));
            return new Result(exitCode, success, List.copyOf(artifacts), Optional.ofNullable(firstError), duration);
        } catch (IOException e) {
            throw new CargoException("Could not read cargo's output: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CargoException("Interrupted while cargo was building", null, e);
        } finally {
            ChildProcesses.destroyTree(process.toHandle(), ChildProcesses.DEFAULT_GRACE);
        }
    }

    private void readMessages(Process process) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                handleLine(line);
            }
        }
    }

    private void handleLine(String line) {
        JsonNode message;
        try {
            message = line.startsWith("{") ? JSON.readTree(line) : null;
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null) {
            // Build scripts and cargo subcommands may print plain text on stdout.
            listener.onEvent(new CargoEvent.OutputLine(line));
            return;
        }
        switch (message.path("reason").asText()) {
            case "compiler-artifact" -> handleArtifact(message);
            case "compiler-message" -> handleCompilerMessage(message);
            case "build-finished" -> buildFinishedSuccess = message.path("success").asBoolean(false);
            default -> {
                // build-script-executed and future message kinds carry nothing the dev loop uses.
            }
        }
    }

    private void handleArtifact(JsonNode message) {
        List<String> kinds = new ArrayList<>();
        message.path("target").path("kind").forEach(kind -> kinds.add(kind.asText()));
        List<Path> filenames = new ArrayList<>();
        message.path("filenames").forEach(file -> filenames.add(Path.of(file.asText())));
        JsonNode executable = message.path("executable");
        CargoArtifact artifact = new CargoArtifact(message.path("package_id").asText(),
                Path.of(message.path("manifest_path").asText()), message.path("target").path("name").asText(),
                kinds, filenames,
                executable.isTextual() ? Optional.of(Path.of(executable.asText())) : Optional.empty(),
                message.path("fresh").asBoolean(false));
        artifacts.add(artifact);
        listener.onEvent(new CargoEvent.ArtifactReady(artifact.packageId(), artifact.targetName(), artifact.fresh()));
    }

    private void handleCompilerMessage(JsonNode message) {
        JsonNode diagnostic = message.path("message");
        String level = diagnostic.path("level").asText("");
        String rendered = diagnostic.path("rendered").asText(diagnostic.path("message").asText(""));
        listener.onEvent(new CargoEvent.CompilerMessage(message.path("package_id").asText(), level, rendered));
        if (firstError == null && level.startsWith("error")) {
            String text = diagnostic.path("message").asText("").strip();
            String code = diagnostic.path("code").path("code").asText("");
            firstError = (code.isEmpty() ? "error: " : "error[" + code + "]: ") + text.replaceAll("\\s*\\R\\s*", " ");
        }
    }
}

package dev.whisker.devloop;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything the dev loop reports. The loop never logs: an adapter maps each event to its own log
 * levels on one thread. Each record's {@link #message()} is the line a user reads; the record fields
 * carry the values for adapters that need them.
 */
public sealed interface Event {

    /** The line to show to the user. */
    String message();

    /**
     * The crate the loop runs, found by {@code cargo metadata}; {@code target} is the bin or library
     * the fat build compiles, e.g. {@code bin counter}.
     */
    record CrateResolved(Path manifest, String packageName, String target) implements Event {
        public String message() {
            return "Crate " + packageName + " (" + target + ") at " + manifest;
        }
    }

    /** A build started; {@code cycle} 0 is the initial build. */
    record BuildStarted(int cycle, String reason) implements Event {
        public String message() {
            return cycle == 0 ? "Building (" + reason + ")" : "Rebuilding, cycle " + cycle + " (" + reason + ")";
        }
    }

    /** One line cargo or rustc printed. */
    record BuildOutput(String line) implements Event {
        public String message() {
            return "[cargo] " + line;
        }
    }

    /** A build ended; on failure the diagnostics came before as {@link BuildOutput}. */
    record BuildFinished(boolean succeeded, Duration duration, String detail) implements Event {
        public String message() {
            String took = duration.toMillis() + " ms";
            return succeeded ? "Build finished in " + took + ": " + detail : "Build failed after " + took + ": " + detail;
        }
    }

    /** The WebSocket endpoint is listening. */
    record ServerStarted(InetSocketAddress address, boolean tokenRequired) implements Event {
        public String message() {
            return "WebSocket endpoint ws://" + BindAddress.format(address) + "/whisker-dev"
                    + (tokenRequired ? " (token required)" : " (no token)");
        }
    }

    /** The app process started. */
    record AppStarted(long pid, List<String> command) implements Event {
        public String message() {
            return "Started app (pid " + pid + "): " + String.join(" ", command);
        }
    }

    /** One line the app printed on {@code stream} ({@code stdout} or {@code stderr}). */
    record AppOutput(String stream, String line) implements Event {
        public String message() {
            return "[app] " + line;
        }
    }

    /** The app ended on its own (not stopped by the loop). */
    record AppExited(long pid, int exitCode) implements Event {
        public String message() {
            return "App (pid " + pid + ") exited with code " + exitCode + ". Press R + Enter to rebuild and restart it.";
        }
    }

    /** A WebSocket client connected; {@code count} includes it. */
    record ClientConnected(String clientId, String remote, int count) implements Event {
        public String message() {
            return "Client " + clientId + " connected from " + remote + " (" + count + (count == 1 ? " client" : " clients")
                    + " connected)";
        }
    }

    /** A client sent a valid hello, so it can receive patches. */
    record ClientReady(String clientId, long aslrReference, int count) implements Event {
        public String message() {
            return count + (count == 1 ? " client connected" : " clients connected") + " (client " + clientId
                    + ", aslr reference 0x" + Long.toUnsignedString(aslrReference, 16) + ")";
        }
    }

    /** A client was closed because its hello lacked the right token. */
    record ClientRejected(String clientId, String reason) implements Event {
        public String message() {
            return "Rejected client " + clientId + ": " + reason;
        }
    }

    /** A client went away; {@code count} is the number still connected. */
    record ClientDisconnected(String clientId, int count, String reason) implements Event {
        public String message() {
            return "Client " + clientId + " disconnected (" + reason + "), " + count + " connected";
        }
    }

    /** A log line the app forwarded over the WebSocket. */
    record ClientLog(String clientId, String stream, String line) implements Event {
        public String message() {
            return "[app " + clientId + "] " + line;
        }
    }

    /** A client sent a frame that is not valid protocol JSON; the client stays connected. */
    record ClientMessageMalformed(String clientId, String reason) implements Event {
        public String message() {
            return "Ignored malformed message from client " + clientId + ": " + reason;
        }
    }

    /** A debounced batch of file changes arrived; the message names at most five files. */
    record ChangesDetected(List<Path> files, String kind) implements Event {
        public String message() {
            String names = files.stream().limit(5).map(Path::toString).collect(Collectors.joining(", "));
            String more = files.size() > 5 ? " and " + (files.size() - 5) + " more" : "";
            return "Changed (" + kind + "): " + names + more;
        }
    }

    /** A change needs a full reload and the loop waits for {@code R}. */
    record ReloadPrompt(String reason) implements Event {
        public String message() {
            return reason + ". Press R + Enter to rebuild and restart the app.";
        }
    }

    /**
     * A Rust change cannot be expressed as a patch (a new thread-local, a symbol the app lacks, a failed
     * link...). {@code reason} names what blocks it and requests a full reload with {@code R}.
     */
    record PatchNeedsFullReload(String reason) implements Event {
        public String message() {
            return "Cannot patch this change: " + reason;
        }
    }

    /** A reload cycle completed. */
    record CycleFinished(int cycle, String kind) implements Event {
        public String message() {
            return "Cycle " + cycle + " done (" + kind + ")";
        }
    }

    /**
     * The launched executable cannot receive patches (no symbol table, or no anchor); Rust changes
     * wait for a full reload until a build fixes it. {@code reason} names the setting to change.
     */
    record HostNotPatchable(Path binary, String reason) implements Event {
        public String message() {
            return "Hot patching is off for this build: " + reason;
        }
    }

    /** The background compile after a fat build finished, so the next patch starts from a warm rustc cache. */
    record PatcherPrewarmed(Duration duration) implements Event {
        public String message() {
            return "Hot patching ready (rustc cache warmed in " + duration.toMillis() + " ms)";
        }
    }

    /** A Rust change was not patched because no app has sent a hello. It stays pending for {@code r}. */
    record PatchWaitingForClient(int pendingFiles) implements Event {
        public String message() {
            return "No app is connected, so the change was not patched. Press r + Enter once the app has"
                    + " connected, or R + Enter to rebuild and restart it.";
        }
    }

    /** One line of rustc's diagnostics from a patch compile. */
    record RustcOutput(String line) implements Event {
        public String message() {
            return "[rustc] " + line;
        }
    }

    /** A patch did not compile; its diagnostics came before as {@link RustcOutput}. The app keeps its code. */
    record PatchCompileFailed(int cycle) implements Event {
        public String message() {
            return "The change does not compile, so the app keeps running its current code. Fix the error and save again.";
        }
    }

    /**
     * The summary of one patch, once every client that received it replied or the reply wait ended.
     *
     * @param patchId the id of the patch frames
     * @param bytes size of the largest library sent (one is built per distinct slide)
     * @param applied clients that replied {@code ok:true}
     * @param clients clients the patch was sent to
     * @param total from the start of the patch build to the last successful reply (or to the send, without one)
     * @param largestSteps the two largest parts of {@code total}, largest first
     * @param crates the crates compiled into the patch, dependencies first; empty when the patcher does not
     *     name them
     */
    record PatchApplied(long patchId, long bytes, int applied, int clients, Duration total,
            List<TimedStep> largestSteps, List<String> crates) implements Event {
        public PatchApplied {
            largestSteps = List.copyOf(largestSteps);
            crates = List.copyOf(crates);
        }

        public String message() {
            String steps = largestSteps.stream().map(step -> step.name() + " " + step.duration().toMillis() + " ms")
                    .collect(Collectors.joining(", "));
            String names = crates.isEmpty() ? "" : " (" + String.join(", ", crates) + ")";
            return "Patch " + patchId + names + ": " + size(bytes) + ", applied by " + applied + " of " + clients
                    + (clients == 1 ? " client" : " clients") + ", " + total.toMillis() + " ms (" + steps + ")";
        }

        private static String size(long bytes) {
            if (bytes < 1024 * 1024) {
                return (bytes + 1023) / 1024 + " KiB";
            }
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
        }
    }

    /** A named part of a patch's total time. */
    record TimedStep(String name, Duration duration) {
    }

    /**
     * An app reported that it could not apply a patch and keeps its previous code. Unless
     * {@code autoRestart} is on, the message requests a full reload.
     */
    record PatchRejected(String clientId, long patchId, String error, boolean autoRestart) implements Event {
        public String message() {
            return "Client " + clientId + " could not apply patch " + patchId + ": " + error
                    + (autoRestart ? "" : ". Press R + Enter to rebuild and restart the app.");
        }
    }

    /** Something the user may want to know that needs no action. */
    record Notice(String text) implements Event {
        public String message() {
            return text;
        }
    }

    /** Something the user should act on; {@code text} explains how. */
    record Warning(String text) implements Event {
        public String message() {
            return text;
        }
    }

    /** Detail for troubleshooting only. */
    record Detail(String text) implements Event {
        public String message() {
            return text;
        }
    }

    /** The loop is ending. */
    record Stopping(String reason) implements Event {
        public String message() {
            return "Stopping: " + reason;
        }
    }
}

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

    /** The crate the loop runs, found by {@code cargo metadata}. */
    record CrateResolved(Path manifest, String packageName, String bin) implements Event {
        public String message() {
            return "Crate " + packageName + " (bin " + bin + ") at " + manifest;
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
            String host = address.getAddress().getHostAddress();
            return "WebSocket endpoint ws://" + host + ":" + address.getPort() + "/whisker-dev"
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

    /** A reload cycle completed. */
    record CycleFinished(int cycle, String kind) implements Event {
        public String message() {
            return "Cycle " + cycle + " done (" + kind + ")";
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

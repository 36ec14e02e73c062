package dev.whisker.maven;

import dev.whisker.devloop.Event;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.maven.plugin.logging.Log;

/**
 * Writes dev-loop events to Maven's {@link Log} from one thread. Events come from the loop, Jetty,
 * the watcher and the app's output readers. Only this writer touches the log, so lines never
 * interleave mid-line and a slow console never blocks a reader thread.
 */
final class EventLogWriter implements Consumer<Event>, AutoCloseable {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    /** Marks the end of the queue. */
    private static final Pattern COMPILER_ERROR = Pattern.compile("error(\\[E\\d+\\])?:");
    private static final Pattern COMPILER_WARNING = Pattern.compile("warning(\\[[\\w-]+\\])?:");
    private static final Event END = new Event.Detail("end of events");

    private final Log log;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    EventLogWriter(Log log) {
        this.log = log;
        this.thread = new Thread(this::drain, "whisker-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an event; safe from any thread. */
    @Override
    public void accept(Event event) {
        queue.add(event);
    }

    private void drain() {
        try {
            while (true) {
                Event event = queue.take();
                if (event == END) {
                    return;
                }
                write(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Event event) {
        switch (levelOf(event)) {
            case ERROR:
                log.error(event.message());
                break;
            case WARN:
                log.warn(event.message());
                break;
            case DEBUG:
                if (log.isDebugEnabled()) {
                    log.debug(event.message());
                }
                break;
            default:
                log.info(event.message());
        }
    }

    /** Log levels in the order Maven's {@link Log} offers them. */
    enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /**
     * Chooses the level by what the user can do: warn when an action is needed (press R, fix a
     * token), error for a failed build, debug for detail such as a malformed client frame.
     */
    static Level levelOf(Event event) {
        if (event instanceof Event.BuildOutput output) {
            return levelOfCompilerLine(output.line());
        }
        if (event instanceof Event.RustcOutput output) {
            return levelOfCompilerLine(output.line());
        }
        if (event instanceof Event.BuildFinished finished) {
            return finished.succeeded() ? Level.INFO : Level.ERROR;
        }
        if (event instanceof Event.Warning
                || event instanceof Event.AppExited
                || event instanceof Event.ReloadPrompt
                || event instanceof Event.ClientRejected
                || event instanceof Event.HostNotPatchable
                || event instanceof Event.PatchWaitingForClient
                || event instanceof Event.PatchCompileFailed
                || event instanceof Event.PatchNeedsFullReload
                || event instanceof Event.PatchRejected) {
            return Level.WARN;
        }
        if (event instanceof Event.Detail
                || event instanceof Event.ClientMessageMalformed
                || event instanceof Event.ClientConnected
                || event instanceof Event.CycleFinished) {
            return Level.DEBUG;
        }
        return Level.INFO;
    }

    /**
     * Maps the first line of a cargo or rustc diagnostic ({@code error: ...}, {@code error[E0308]: ...},
     * {@code warning: ...}) to Maven's matching level. The lines that follow it (source excerpt,
     * notes) and progress lines such as {@code Compiling} stay at INFO.
     */
    static Level levelOfCompilerLine(String line) {
        if (COMPILER_ERROR.matcher(line).lookingAt()) {
            return Level.ERROR;
        }
        if (COMPILER_WARNING.matcher(line).lookingAt()) {
            return Level.WARN;
        }
        return Level.INFO;
    }

    /** Writes the events queued so far, waiting at most a few seconds, and ends the thread. */
    @Override
    public void close() {
        queue.add(END);
        try {
            thread.join(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

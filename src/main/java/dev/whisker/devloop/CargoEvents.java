package dev.whisker.devloop;

import dev.whisker.cargo.CargoEvent;
import java.util.function.Consumer;

/**
 * Maps the cargo package's events to {@link Event}s. App output also goes to the stop tracker, and
 * an app exit goes to the change loop, which decides whether it is news (a replaced app is not).
 */
final class CargoEvents {

    private final Consumer<Event> events;
    private final StopTracker stopTracker;
    private final Consumer<LoopInput> loop;

    CargoEvents(Consumer<Event> events, StopTracker stopTracker, Consumer<LoopInput> loop) {
        this.events = events;
        this.stopTracker = stopTracker;
        this.loop = loop;
    }

    /** Handles one event; called from cargo's build thread and the app's reader threads. */
    void accept(CargoEvent event) {
        if (event instanceof CargoEvent.OutputLine output) {
            events.accept(new Event.BuildOutput(output.line()));
        } else if (event instanceof CargoEvent.CompilerMessage message) {
            message.rendered().lines().forEach(line -> events.accept(new Event.BuildOutput(line)));
        } else if (event instanceof CargoEvent.BuildStarted started) {
            events.accept(new Event.Detail("Running " + String.join(" ", started.command()) + " in "
                    + started.workingDirectory()));
        } else if (event instanceof CargoEvent.AppStarted started) {
            events.accept(new Event.AppStarted(started.pid(), started.command()));
        } else if (event instanceof CargoEvent.AppOutput output) {
            String stream = output.stream() == CargoEvent.Stream.STDERR ? "stderr" : "stdout";
            events.accept(new Event.AppOutput(stream, output.line()));
            stopTracker.appOutput(output.line());
        } else if (event instanceof CargoEvent.AppExited exited) {
            loop.accept(new LoopInput.AppEnded(exited.pid(), exited.exitCode()));
        } else if (event instanceof CargoEvent.ArtifactReady artifact) {
            events.accept(new Event.Detail("Built " + artifact.targetName() + (artifact.fresh() ? " (fresh)" : "")));
        }
    }
}

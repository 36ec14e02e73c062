package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.server.ServerConfig;
import dev.whisker.server.WhiskerServer;
import dev.whisker.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks the patcher seam against a real endpoint on a free loopback port. */
class PatchSenderTest {

    private final List<Event> events = new ArrayList<>();
    private final WhiskerServer server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.empty()), event -> {
    });
    private final AtomicInteger closed = new AtomicInteger();
    private final ChangeBatch batch = ChangeBatch.of(Set.of(Path.of("/c/src/main.rs")));
    private final PatchReplies replies = new PatchReplies(events::add, Duration.ofSeconds(5), false, reason -> {
    });

    @AfterEach
    void closeServer() {
        replies.close();
        server.close();
    }

    /** A patcher that must not be called: no client is connected in these tests. */
    private Patcher unusedPatcher() {
        return new Patcher() {
            @Override
            public Result patch(ChangeBatch changes, Set<Long> aslrReferences) {
                throw new AssertionError("patch called without clients");
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    @Test
    void withoutFactoryNothingIsReady() throws Exception {
        PatchSender sender = new PatchSender(Optional.empty(), () -> server, events::add, replies);
        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        assertFalse(sender.ready());
        assertEquals(CycleRunner.PatchOutcome.Status.NEEDS_FULL_RELOAD, sender.patch(1, batch).status());
    }

    @Test
    void eachBuildReplacesPatcher() {
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> unusedPatcher()), () -> server, events::add, replies);

        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));
        assertTrue(sender.ready());
        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));
        assertEquals(1, closed.get(), "the first build's patcher is closed");
        sender.closePatcher();

        assertEquals(2, closed.get());
        assertFalse(sender.ready());
    }

    @Test
    void buildPassesPatchInputsToClassifier() {
        Path motto = Path.of("/shared/motto.txt");
        ChangeClassifier classifier = new ChangeClassifier();
        Patcher patcher = new Patcher() {
            @Override
            public Result patch(ChangeBatch changes, Set<Long> aslrReferences) {
                throw new AssertionError("patch called without clients");
            }

            @Override
            public Set<Path> patchInputs() {
                return Set.of(motto);
            }
        };
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> patcher), () -> server, events::add,
                replies, classifier);

        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        assertEquals(dev.whisker.watch.ChangeKind.RUST_SOURCE, classifier.classify(List.of(motto)));
    }

    @Test
    void factoryFailureTurnsHotPatchingOff() {
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> {
            throw new IllegalStateException("no symbol table in /bin/app");
        }), () -> server, events::add, replies);

        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        assertFalse(sender.ready());
        assertTrue(events.get(0).message().contains("no symbol table in /bin/app"), events.toString());
    }

    @Test
    void noConnectedAppNeedsFullReload() throws Exception {
        PatchSender sender = new PatchSender(Optional.of((capture, binary) -> unusedPatcher()), () -> server, events::add, replies);
        sender.buildFinished(Path.of("/capture"), Path.of("/bin/app"));

        assertEquals(CycleRunner.PatchOutcome.WAITING_FOR_CLIENT, sender.patch(1, batch));
        assertInstanceOf(Event.PatchWaitingForClient.class, events.get(0));
        assertTrue(events.get(0).message().contains("Press r + Enter"), events.toString());
    }
}

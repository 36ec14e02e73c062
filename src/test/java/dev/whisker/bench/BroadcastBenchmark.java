package dev.whisker.bench;

import dev.whisker.server.PatchFrame;
import dev.whisker.server.ServerConfig;
import dev.whisker.server.ServerEvent;
import dev.whisker.server.WhiskerServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Broadcast cost of one 1 MiB patch: the time from {@link WhiskerServer#sendPatch} until every connected client has
 * received the complete frame.
 *
 * <p>Everything is real and on loopback: a {@link WhiskerServer} on port 0 with a token, and {@code clients} Jetty
 * WebSocket clients in the same JVM, each authenticated with a hello that carries the token and one anchor address.
 * The frame has a 1 MiB library and a 504-pair jump table (the size of a small app's table). The measured time
 * includes encoding the frame once, writing it to every socket and Jetty's client-side aggregation of the message.
 * Server and clients share the machine's cores, as they do when apps run beside the plugin.
 *
 * <p>Run it with {@code benchmarks/broadcast.sh}; the sample mode reports the median and p90 of single broadcasts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class BroadcastBenchmark {

    private static final long ASLR_REFERENCE = 0x5555_5555_4000L;
    private static final int MAP_PAIRS = 504;
    /** Bound of every wait, far above any expected broadcast, so a lost frame fails the run instead of hanging it. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Param({"1", "10", "100"})
    public int clients;

    /** Library size in KiB. The default 1024 is the 1 MiB patch, and small sizes show the per-client cost alone. */
    @Param({"1024"})
    public int libraryKib;

    private final AtomicInteger helloCount = new AtomicInteger();
    private final List<FrameReceiver> receivers = new ArrayList<>();
    private WhiskerServer server;
    private WebSocketClient jetty;
    private byte[] library;
    private List<long[]> map;
    private long nextId;
    private PatchFrame next;
    private CountDownLatch arrivals;

    /** Starts the server and connects and authenticates every client. */
    @Setup(Level.Trial)
    public void connect() throws Exception {
        String token = Long.toHexString(new Random().nextLong()) + Long.toHexString(System.nanoTime());
        server = WhiskerServer.start(ServerConfig.of("127.0.0.1", 0, Optional.of(token)), this::countHellos);
        jetty = new WebSocketClient();
        // The JSON header of the 504-pair table is under 10 KiB, far below the 1 MiB of headroom.
        jetty.setMaxBinaryMessageSize(1024L * libraryKib + (1L << 20));
        jetty.setIdleTimeout(Duration.ofMinutes(10));
        jetty.start();

        library = new byte[1024 * libraryKib];
        new Random(42).nextBytes(library);
        map = new ArrayList<>(MAP_PAIRS);
        for (long i = 0; i < MAP_PAIRS; i++) {
            map.add(new long[] {0x1_0000 + 64 * i, 0x2_0000 + 64 * i});
        }

        URI uri = URI.create("ws://127.0.0.1:" + server.boundAddress().getPort() + WhiskerServer.PATH);
        String hello = "{\"kind\":\"hello\",\"aslr_reference\":" + ASLR_REFERENCE + ",\"token\":\"" + token + "\"}";
        for (int i = 0; i < clients; i++) {
            FrameReceiver receiver = new FrameReceiver(library.length);
            jetty.connect(receiver, uri).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            receiver.session().sendText(hello, Callback.NOOP);
            receivers.add(receiver);
        }
        awaitHellos();
    }

    private void countHellos(ServerEvent event) {
        if (event instanceof ServerEvent.HelloAccepted) {
            helloCount.incrementAndGet();
        }
    }

    private void awaitHellos() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (helloCount.get() < clients) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(helloCount.get() + " of " + clients + " hellos accepted within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    private PatchFrame frame(long id) {
        return new PatchFrame(id, "patch-" + id + ".so", map, ASLR_REFERENCE, 0x4000, library);
    }

    /** Builds the next frame and arms every receiver for its id, outside the measured time. */
    @Setup(Level.Invocation)
    public void arm() {
        nextId++;
        next = frame(nextId);
        arrivals = new CountDownLatch(clients);
        for (FrameReceiver receiver : receivers) {
            receiver.expect(nextId, arrivals);
        }
    }

    /** Queues one frame to every client and returns when all of them have received it whole. */
    @Benchmark
    public int broadcast() throws InterruptedException {
        int queued = server.sendPatch(ASLR_REFERENCE, next);
        if (queued != clients) {
            throw new IllegalStateException("frame " + nextId + " queued to " + queued + " of " + clients + " clients");
        }
        if (!arrivals.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(arrivals.getCount() + " of " + clients + " clients did not receive frame "
                    + nextId + " within " + WAIT + "; first client error: " + firstError());
        }
        return queued;
    }

    private String firstError() {
        return receivers.stream().map(FrameReceiver::firstError).filter(e -> e != null).findFirst().orElse("none");
    }

    /** Closes the clients and the server, then fails the trial if any client saw a wrong frame. */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        String error = firstError();
        jetty.stop();
        server.close();
        if (!error.equals("none")) {
            throw new IllegalStateException("a client received a wrong frame: " + error);
        }
    }
}

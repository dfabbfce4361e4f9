package dev.h2j.io.server.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.Headers;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.server.BodyListener;
import dev.h2j.io.server.H2Server;
import dev.h2j.io.server.Handler;
import dev.h2j.io.server.RecordingLogger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The server under attack: an {@link H2Server} on loopback with <em>one</em> event loop, so that the
 * attacker's connection and the {@link Bystander}'s share a thread and an attack that held that thread would
 * starve the bystander. Its handler answers {@code /big...} with a 1 GiB body made as it is pulled,
 * {@code /hold...} only when the request body ends (never releasing body octets), and anything else with
 * 200 "hello from PATH". It counts requests the handler saw, streams finished, and content pulled.
 */
final class Target implements AutoCloseable {
    /** Short, so slow-client attacks end within a test; the bystander is never idle that long. */
    static final Duration IDLE_TIMEOUT = Duration.ofMillis(1_500);
    /** The body size of {@code /big}: far more than any buffer may hold. */
    static final long BIG = 1L << 30;
    /**
     * What one connection may hold waiting for its client, whatever the attack: the server stops pulling
     * content at 64 KiB of output and stops reading input at 128 KiB (see H2Server#peakConnectionOutput),
     * plus one read's worth of answers and one write buffer.
     */
    static final long OUTPUT_BOUND = 256 * 1024;

    private static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What the server logged. */
    final RecordingLogger log = new RecordingLogger();
    final H2Server server;
    final InetSocketAddress address;
    final Bystander bystander;
    /** Requests the handler saw, bystander's excepted. */
    final AtomicInteger handled = new AtomicInteger();
    /** Paths of those requests that end in "/smuggled": none may reach the handler. */
    final AtomicInteger smuggled = new AtomicInteger();
    /** Streams of those requests that finished (access log), reset or not. */
    final AtomicInteger finished = new AtomicInteger();
    /** Content octets pulled from {@code /big} bodies. */
    final AtomicLong pulled = new AtomicLong();

    private Target(UnaryOperator<H2Configuration> configuration) throws IOException {
        server = H2Server.builder(this::handle).eventLoops(1)
                .configuration(configuration.apply(H2Configuration.server().withLogger(log)))
                .shutdownTimeout(Duration.ofSeconds(2)).idleTimeout(IDLE_TIMEOUT)
                .cleartext(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .accessLog(entry -> {
                    if (!entry.path().startsWith("/bystander/")) {
                        finished.incrementAndGet();
                    }
                }).build().start();
        address = server.cleartextAddresses().get(0);
        bystander = Bystander.start(address);
    }

    /** A server with the default configuration, its bystander already served once. */
    static Target start() throws Exception {
        return start(c -> c);
    }

    /** A server whose configuration is the default one changed by {@code configuration}, its bystander served once. */
    static Target start(UnaryOperator<H2Configuration> configuration) throws Exception {
        Target target = new Target(configuration);
        target.bystander.awaitServed(1, Duration.ofSeconds(10));
        return target;
    }

    private void handle(dev.h2j.io.server.Request request, dev.h2j.io.server.Response response) {
        String path = request.path();
        if (!path.startsWith("/bystander/")) {
            handled.incrementAndGet();
        }
        if (path.endsWith("/smuggled")) {
            smuggled.incrementAndGet();
        }
        if (path.startsWith("/big")) {
            response.send(Headers.response(200).add("content-length", Long.toString(BIG)).build(),
                    new Generated(BIG, pulled));
        } else if (path.startsWith("/hold")) {
            request.onBody(new BodyListener() {
                @Override
                public void onData(ByteBuffer data, Runnable release) {
                    // Kept, never released: the client's windows stay as the octets left them.
                }

                @Override
                public void onEnd(List<HeaderField> trailers) {
                    response.send(Headers.response(200).build(), ByteBuffer.allocate(0));
                }
            });
        } else {
            response.send(Headers.response(200).add("content-type", "text/plain").build(),
                    ByteBuffer.wrap(("hello from " + path).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A body of {@code size} octets made on demand, counting what was pulled. */
    static final class Generated implements ReadableByteChannel {
        private final long size;
        private final AtomicLong pulled;
        private long at;
        private boolean open = true;

        Generated(long size, AtomicLong pulled) {
            this.size = size;
            this.pulled = pulled;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == size) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), size - at);
            dst.position(dst.position() + n);
            at += n;
            pulled.addAndGet(n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** A new attacker connection that reads everything the server sends. */
    Attacker attacker() throws IOException {
        return Attacker.connect(address);
    }

    /** Waits until the server holds exactly {@code count} connections. */
    void awaitConnections(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Attacker.WAIT.toNanos();
        while (server.openConnections() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server holds " + server.openConnections() + " connections, not "
                        + count);
            }
            Thread.sleep(5);
        }
    }

    /**
     * After an attack's connection is gone: the server holds the bystander's connection only, every stream
     * the attack opened is finished, the bystander keeps being served, and a new client (the JDK's
     * HttpClient, upgrading to h2c) gets an answer.
     */
    void assertRecovered() throws Exception {
        awaitConnections(1);
        long deadline = System.nanoTime() + Attacker.WAIT.toNanos();
        while (finished.get() < handled.get() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(finished.get()).as("attack streams finished").isEqualTo(handled.get());
        bystander.awaitServed(5, Duration.ofSeconds(10));
        HttpResponse<String> answer = JDK.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + "/after")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(answer.body()).isEqualTo("hello from /after");
        assertThat(server.peakConnectionOutput()).as("octets one connection held").isLessThan(OUTPUT_BOUND);
    }

    /**
     * Octets the server's event-loop thread has allocated since it started (HotSpot's per-thread counter):
     * what an attack made the server allocate, garbage included, measured on that thread alone.
     */
    static long loopAllocated() {
        List<Thread> loops = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("h2j-loop-0") && t.isAlive()).collect(Collectors.toList());
        assertThat(loops).as("the one event loop of the server under test").hasSize(1);
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(loops.get(0).getId());
    }

    /** Heap in use after a full collection, as well as a shared machine lets one measure it. */
    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Override
    public void close() throws Exception {
        try {
            bystander.close();
        } finally {
            server.close();
        }
        assertThat(log.atLeast(System.Logger.Level.ERROR)).as("errors the server logged").isEmpty();
    }
}

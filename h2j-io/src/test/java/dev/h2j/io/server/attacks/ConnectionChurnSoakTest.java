package dev.h2j.io.server.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.io.server.H2Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak (issue 8): 10,000 connections opened and closed against one server over loopback, eight at a time:
 * a third make a request and read the answer, a third send the preface and leave, a third connect and leave
 * without a word. Afterwards the server holds no connection, and the process has as many file descriptors,
 * threads and heap as before.
 */
class ConnectionChurnSoakTest {
    static final int CONNECTIONS = 10_000;
    static final int CLIENTS = 8;

    @Test
    @Timeout(120)
    void tenThousandConnectionsOpenedAndClosedLeaveNothingBehind() throws Exception {
        com.sun.management.UnixOperatingSystemMXBean os =
                (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        H2Server server = H2Server.builder((request, response) -> response.send(Headers.response(200).build(),
                        ByteBuffer.wrap(("hello from " + request.path()).getBytes(StandardCharsets.UTF_8))))
                .eventLoops(2).shutdownTimeout(Duration.ofSeconds(2))
                .cleartext(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build().start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            InetSocketAddress address = server.cleartextAddresses().get(0);
            // One round first, so that every class the churn uses is loaded before the baseline.
            connectRequestClose(address, "/warm-up");
            awaitEquals("connections", server::openConnections, 0);
            long descriptors = os.getOpenFileDescriptorCount();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            long serverThreads = serverThreads();
            long heap = Target.usedHeapAfterGc();

            AtomicInteger answered = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < CONNECTIONS; i = next.getAndIncrement()) {
                        switch (i % 3) {
                            case 0:
                                connectRequestClose(address, "/churn/" + i);
                                answered.incrementAndGet();
                                break;
                            case 1:
                                connectPrefaceClose(address);
                                break;
                            default:
                                new Socket(address.getAddress(), address.getPort()).close();
                                break;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(answered.get()).isEqualTo((CONNECTIONS + 2) / 3);
            awaitEquals("connections", server::openConnections, 0);
            // Closed channels release their descriptors once their selector has deregistered them.
            awaitAtMost("file descriptors", os::getOpenFileDescriptorCount, descriptors + 8);
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            // The server's threads are its acceptor and event loops, whatever the churn; the JVM may have started
            // a compiler or GC helper meanwhile, never one per connection.
            assertThat(serverThreads()).as("server threads").isEqualTo(serverThreads);
            awaitAtMost("threads", () -> ManagementFactory.getThreadMXBean().getThreadCount(), threads + 4);
            assertThat(Target.usedHeapAfterGc() - heap).as("heap growth").isLessThan(16L << 20);
        } finally {
            clients.shutdownNow();
            server.close();
        }
    }

    /** Live threads of the server: "h2j-accept" and "h2j-loop-N". */
    static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("h2j-")).count();
    }

    /** Prior knowledge, one GET, its whole answer, close. */
    static void connectRequestClose(InetSocketAddress address, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(5_000);
            socket.setTcpNoDelay(true);
            H2Connection conn = new H2Connection(H2Configuration.client());
            conn.initiateConnection();
            conn.sendHeaders(1, Headers.request("GET", "http", "localhost", path).build(), true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            write(out, conn.dataToSend());
            byte[] buffer = new byte[16_384];
            int status = 0;
            StringBuilder body = new StringBuilder();
            boolean ended = false;
            while (!ended) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("closed before the answer to " + path);
                }
                for (Event e : conn.receiveData(ByteBuffer.wrap(buffer, 0, n))) {
                    if (e instanceof ResponseReceived) {
                        status = Integer.parseInt(Headers.first(((ResponseReceived) e).headers(), ":status")
                                .orElseThrow());
                    } else if (e instanceof DataReceived) {
                        body.append(StandardCharsets.UTF_8.decode(((DataReceived) e).data()));
                    } else if (e instanceof StreamEnded) {
                        ended = true;
                    }
                }
                write(out, conn.dataToSend());
            }
            if (status != 200 || !body.toString().equals("hello from " + path)) {
                throw new AssertionError(path + ": " + status + " " + body);
            }
        }
    }

    /** The preface and SETTINGS, then close without waiting. */
    static void connectPrefaceClose(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            H2Connection conn = new H2Connection(H2Configuration.client());
            conn.initiateConnection();
            write(socket.getOutputStream(), conn.dataToSend());
        }
    }

    private static void write(OutputStream out, ByteBuffer octets) throws IOException {
        out.write(octets.array(), octets.arrayOffset() + octets.position(), octets.remaining());
        out.flush();
    }

    private static void awaitEquals(String what, LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value.getAsLong()).as(what).isEqualTo(expected);
    }

    private static void awaitAtMost(String what, LongSupplier value, long bound) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() > bound && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value.getAsLong()).as(what).isLessThanOrEqualTo(bound);
    }
}

package dev.h2j.io.server.attacks;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved client on its own connection: one thread sending GET after GET (a few milliseconds apart,
 * so it is never idle) and checking every answer is 200 with the right body. An attack passes if the
 * bystander keeps being served during it and after it.
 */
final class Bystander implements AutoCloseable {
    /** How long one request may take, attack or not, before the bystander counts as starved. */
    static final int ANSWER_MILLIS = 5_000;

    private final Socket socket;
    private final H2Connection conn = new H2Connection(H2Configuration.client());
    private final InputStream input;
    private final OutputStream output;
    private final Thread thread;
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Throwable failure;

    private Bystander(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, ANSWER_MILLIS);
        socket.setSoTimeout(ANSWER_MILLIS);
        socket.setTcpNoDelay(true);
        input = socket.getInputStream();
        output = socket.getOutputStream();
        thread = new Thread(this::run, "bystander");
        thread.setDaemon(true);
    }

    /** Connects (prior knowledge) and starts requesting. */
    static Bystander start(InetSocketAddress address) throws IOException {
        Bystander bystander = new Bystander(address);
        bystander.thread.start();
        return bystander;
    }

    private void run() {
        byte[] buffer = new byte[16_384];
        try {
            conn.initiateConnection();
            flush();
            for (int n = 0; !stopping; n++) {
                String path = "/bystander/" + n;
                int id = conn.nextAvailableStreamId();
                conn.sendHeaders(id, Headers.request("GET", "http", "localhost", path).build(), true);
                flush();
                int status = 0;
                StringBuilder body = new StringBuilder();
                boolean ended = false;
                while (!ended) {
                    int read = input.read(buffer);
                    if (read < 0) {
                        throw new IOException("the server closed the bystander's connection");
                    }
                    for (Event e : conn.receiveData(ByteBuffer.wrap(buffer, 0, read))) {
                        if (e instanceof ResponseReceived && ((ResponseReceived) e).streamId() == id) {
                            status = Integer.parseInt(Headers.first(((ResponseReceived) e).headers(), ":status")
                                    .orElse("0"));
                        } else if (e instanceof DataReceived) {
                            DataReceived data = (DataReceived) e;
                            body.append(StandardCharsets.UTF_8.decode(data.data()));
                            conn.acknowledgeReceivedData(data.flowControlledLength(), data.streamId());
                        } else if (e instanceof StreamEnded && ((StreamEnded) e).streamId() == id) {
                            ended = true;
                        } else if (e instanceof StreamReset) {
                            throw new AssertionError("the bystander's stream was reset: " + e);
                        } else if (e instanceof ConnectionTerminated) {
                            throw new AssertionError("the bystander got GOAWAY: " + e);
                        }
                    }
                    flush();
                }
                if (status != 200 || !body.toString().equals("hello from " + path)) {
                    throw new AssertionError("the bystander got " + status + " " + body + " for " + path);
                }
                served.incrementAndGet();
                Thread.sleep(3);
            }
        } catch (Throwable t) {
            if (!stopping) {
                failure = t;
            }
        }
    }

    private void flush() throws IOException {
        ByteBuffer out = conn.dataToSend();
        output.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
        output.flush();
    }

    /** Waits until {@code more} answers beyond the current count arrived; fails if the bystander failed or starved. */
    void awaitServed(int more, Duration within) throws InterruptedException {
        int target = served.get() + more;
        long deadline = System.nanoTime() + within.toNanos();
        while (served.get() < target) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bystander got " + (more - (target - served.get())) + " of " + more
                        + " answers in " + within);
            }
            Thread.sleep(2);
        }
        checkHealthy();
    }

    void checkHealthy() {
        if (failure != null) {
            throw new AssertionError("the well-behaved client failed", failure);
        }
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        thread.join(ANSWER_MILLIS * 2L);
        socket.close();
        checkHealthy();
    }
}

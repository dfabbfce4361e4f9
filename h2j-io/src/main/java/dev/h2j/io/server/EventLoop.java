package dev.h2j.io.server;

import dev.h2j.frame.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;

/**
 * One thread with one {@link Selector}, owning the connections the acceptor gives it. Only this thread
 * touches them (one owner per {@link dev.h2j.H2Connection}, as the core's thread-safety rule asks);
 * other threads hand it work with {@link #execute(Runnable)}.
 */
final class EventLoop implements Runnable {
    /** How long a closing connection waits for the client to close after our last octets. */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How often connections check their timers (lingering close, idle timeout) while there are any. */
    private static final long TICK_MILLIS = 250;

    /** The loop's life. */
    private enum State {
        /** Serving. */
        RUNNING,
        /** The server is closing: connections drain until none is left or the deadline passes. */
        DRAINING,
        /** The thread is done. */
        STOPPED
    }

    private final ServerContext server;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = new HashSet<>();
    /**
     * The buffer response content is pulled into, one frame at a time; the loop's connections share it.
     * Direct, so that a file channel reads into it at once instead of into a temporary direct buffer first
     * and copying from there.
     */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Connection.MAX_DATA_FRAME);
    /** {@code connections.size()} for other threads ({@link H2Server#openConnections()}); written on the loop. */
    private volatile int owned;
    private State state = State.RUNNING;
    private long deadline;
    private long nextTick = System.nanoTime();
    /**
     * When the current turn began: read once after each wakeup, for the timeouts' bookkeeping (a clock read
     * per request cost h2j serve about 4 % of its loop time in bench/servers).
     */
    private long turnNanos = nextTick;
    /** Set once the thread is done: tasks handed over later run on the caller, on closed connections only. */
    private volatile boolean terminated;

    EventLoop(ServerContext server, String name) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop thread, soon. After the loop ended, every connection is closed, and the
     * task runs on the caller: it can only release what it was handed (a body channel, say).
     */
    void execute(Runnable task) {
        tasks.add(task);
        if (terminated) {
            runTasks();
        } else {
            selector.wakeup();
        }
    }

    /** Takes over an accepted socket; TLS when {@code engines} is not null. */
    void adopt(SocketChannel channel, Supplier<SSLEngine> engines) {
        execute(() -> {
            try {
                Transport transport = engines == null ? new PlainTransport(channel)
                        : new TlsTransport(channel, engines.get());
                Connection connection = new Connection(this, server, channel, transport, engines != null);
                if (state != State.RUNNING) {
                    connection.closeNow(ErrorCode.CANCEL);
                    return;
                }
                connections.add(connection);
                owned = connections.size();
                connection.start();
            } catch (IOException | RuntimeException e) {
                server.configuration().logger().log(System.Logger.Level.WARNING,
                        "h2j server: could not set up an accepted connection", e);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Already failed.
                }
            }
        });
    }

    /** Starts the graceful close: every connection drains until {@code deadlineNanos} (System.nanoTime). */
    void shutdown(long deadlineNanos) {
        execute(() -> {
            if (state == State.RUNNING) {
                state = State.DRAINING;
                deadline = deadlineNanos;
                for (Connection connection : new ArrayList<>(connections)) {
                    connection.shutdown();
                }
            }
        });
    }

    /** Closes every connection now and stops. */
    void shutdownNow() {
        execute(() -> {
            state = State.DRAINING;
            deadline = System.nanoTime();
        });
    }

    /** Waits for the thread to end. */
    boolean join(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    void closed(Connection connection) {
        connections.remove(connection);
        owned = connections.size();
    }

    /** When the loop's current turn began (System.nanoTime); loop thread only. */
    long turnNanos() {
        return turnNanos;
    }

    /** How many connections the loop owns; any thread. */
    int owned() {
        return owned;
    }

    ByteBuffer scratch() {
        return scratch;
    }

    @Override
    public void run() {
        try {
            while (true) {
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                    for (Connection connection : new ArrayList<>(connections)) {
                        connection.tick(now);
                    }
                }
                if (state == State.DRAINING && (connections.isEmpty() || now - deadline >= 0)) {
                    break;
                }
                long timeout = connections.isEmpty() ? 0 : TICK_MILLIS;
                if (state == State.DRAINING) {
                    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - now));
                    timeout = timeout == 0 ? left : Math.min(timeout, left);
                }
                selector.select(timeout);
                turnNanos = System.nanoTime();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid()) {
                        ready((Connection) key.attachment());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            server.configuration().logger().log(System.Logger.Level.ERROR, "h2j server: event loop failed", e);
        } finally {
            state = State.STOPPED;
            for (Connection connection : new ArrayList<>(connections)) {
                connection.closeNow(ErrorCode.CANCEL);
            }
            terminated = true;
            runTasks();
            try {
                selector.close();
            } catch (IOException e) {
                // The loop is over either way.
            }
        }
    }

    private void ready(Connection connection) {
        try {
            connection.onReady();
        } catch (RuntimeException e) {
            connection.log(System.Logger.Level.ERROR, "failed; closing the connection", e);
            connection.closeNow(ErrorCode.INTERNAL_ERROR);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                server.configuration().logger().log(System.Logger.Level.WARNING, "h2j server: a task failed", e);
            }
        }
    }
}

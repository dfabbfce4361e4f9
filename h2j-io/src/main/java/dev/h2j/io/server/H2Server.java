package dev.h2j.io.server;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.io.Tls;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * An HTTP/2 server on {@code java.nio}: listening sockets for HTTP/2 over TLS and for cleartext HTTP/2
 * (h2c), a few event-loop threads that own the connections, and a {@link Handler} that answers requests.
 *
 * <pre>{@code
 * H2Server server = H2Server.builder((request, response) -> response.send(
 *                 Headers.response(200).add("content-type", "text/plain").build(),
 *                 ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8))))
 *         .tls(new InetSocketAddress("127.0.0.1", 8443), sslContext)
 *         .cleartext(new InetSocketAddress("127.0.0.1", 8080))
 *         .build()
 *         .start();
 * ...
 * server.close();   // graceful: GOAWAY, streams in flight finish
 * }</pre>
 *
 * <p>What a connection may be:
 * <ul>
 *   <li>TLS: TLS 1.2 or 1.3 with ALPN {@code h2} and the cipher rules of RFC 9113 §9.2 ({@link Tls}). A
 *       client that does not choose {@code h2} is disconnected after the handshake; a session that breaks
 *       §9.2 ends with GOAWAY INADEQUATE_SECURITY.</li>
 *   <li>Cleartext with prior knowledge (RFC 9113 §3.3): the connection starts with the HTTP/2 preface.
 *       Octets that are neither the preface nor an HTTP/1.x request line go to the HTTP/2 core, which
 *       answers GOAWAY PROTOCOL_ERROR.</li>
 *   <li>Cleartext h2c upgrade (RFC 7540 §3.2, which RFC 9113 deprecated but the JDK's HttpClient still
 *       uses): an HTTP/1.1 request with {@code Upgrade: h2c}, one {@code HTTP2-Settings} and a
 *       {@code Connection} listing both gets {@code 101 Switching Protocols} and its response over HTTP/2 on
 *       stream 1. Its body, if any, must come with a {@code Content-Length} of at most 65,536 octets; it
 *       is read whole before the switch and handed to the handler as the request body.</li>
 *   <li>Any other HTTP/1.x request, and an upgrade request with a chunked or larger body, gets
 *       {@code 505 HTTP Version Not Supported} with a short text saying how to reach the server over
 *       HTTP/2 (https, prior knowledge, or an h2c upgrade), and the connection closes. A request head that
 *       cannot be parsed, or exceeds 8 KiB, gets {@code 400 Bad Request}.</li>
 * </ul>
 *
 * <p>A connection without a stream that receives no complete frame for the idle timeout (default 60 s) is
 * closed, with GOAWAY first if it speaks HTTP/2; octets of a frame that never completes do not count. A
 * client that has not finished its TLS handshake, preface or HTTP/1.1 request head that long after it
 * connected is closed, however it trickles them in, and so is one that reads none of our pending output
 * for that long.
 * A response whose content has waited for a flow-control window the client keeps shut for the stall
 * timeout (default 30 s) is reset with CANCEL ({@link Builder#stallTimeout(Duration)}). The connections
 * measure their rate limits and stalls with {@code System::nanoTime}, unless the configuration brings its
 * own clock ({@link H2Configuration#withClock}).
 *
 * <p>Threads: an acceptor thread hands new connections round-robin to the event loops (by default one
 * per core); each loop owns its connections and calls the handler for their requests. Memory per
 * connection is bounded whatever the client does: see {@link #peakConnectionOutput()}.
 *
 * <p>Flow control and sending: request bodies are credited back to the client as the application
 * releases them ({@link BodyListener}). Response header fields, trailers and resets go out as soon as
 * they are queued; content as the client's windows and the socket allow, one DATA frame (at most
 * 16 KiB) at a time, from the stream the client's priority signals put first
 * ({@link dev.h2j.ConnectionScheduler}). The scheme is the one the connection negotiates: RFC 9218 when
 * either side sent SETTINGS_NO_RFC7540_PRIORITIES (most urgent first; within an urgency, non-incremental
 * responses one at a time in request order, incremental ones in turns), else the RFC 7540 dependency
 * tree (siblings share by weight, dependents wait for their parent). A server configured with
 * {@code H2Configuration.server().withNoRfc7540Priorities(true)} sends the setting, and so uses RFC 9218
 * with every client. The signals are also reported on the {@link Request}, and
 * {@link Response#priority(dev.h2j.priority.Priority)} lets the application reprioritize its response.
 *
 * <p>Thread safety: the methods of a server may be called from any thread.
 */
public final class H2Server implements AutoCloseable {

    /** The server's life. */
    private enum State {
        /** Built, not listening. */
        NEW,
        /** Listening and serving. */
        RUNNING,
        /** Closing: no longer accepting, connections draining. */
        CLOSING,
        /** Closed. */
        CLOSED
    }

    /** An address to listen on, with TLS engines for its connections or null for cleartext. */
    private record Endpoint(InetSocketAddress address, Supplier<SSLEngine> engines) {
    }

    private final List<Endpoint> endpoints;
    private final int eventLoops;
    private final Duration shutdownTimeout;
    private final ServerContext context;
    private final List<InetSocketAddress> cleartextBound = new ArrayList<>();
    private final List<InetSocketAddress> tlsBound = new ArrayList<>();
    private final List<EventLoop> loops = new ArrayList<>();
    private Acceptor acceptor;
    private State state = State.NEW;

    private H2Server(Builder builder) {
        this.endpoints = List.copyOf(builder.endpoints);
        this.eventLoops = builder.eventLoops;
        this.shutdownTimeout = builder.shutdownTimeout;
        // The core's rate limits and stalls need real time: frame time would cut off a client that keeps a
        // quiet connection alive with PINGs, and cannot time out a stall (H2Configuration.clock()).
        H2Configuration configuration = builder.configuration.clock().isPresent() ? builder.configuration
                : builder.configuration.withClock(System::nanoTime);
        this.context = new ServerContext(builder.handler, configuration, builder.accessLog,
                builder.idleTimeout.toNanos(), builder.stallTimeout, new AtomicLong());
    }

    /**
     * Starts building a server.
     *
     * @param handler answers every request
     * @return a builder with the defaults named on its methods
     * @throws NullPointerException if {@code handler} is null
     */
    public static Builder builder(Handler handler) {
        return new Builder(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Binds every listening address and starts the threads.
     *
     * @return this server
     * @throws BindException if an address cannot be bound (for example, its port is taken); the message
     *     names the address. Nothing stays bound.
     * @throws IOException if a socket or a selector cannot be opened
     * @throws IllegalStateException if the server was already started
     */
    public synchronized H2Server start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("the server was already started");
        }
        List<Acceptor.Listener> listeners = new ArrayList<>();
        try {
            for (Endpoint endpoint : endpoints) {
                ServerSocketChannel channel = ServerSocketChannel.open();
                listeners.add(new Acceptor.Listener(channel, endpoint.engines()));
                try {
                    channel.bind(endpoint.address());
                } catch (BindException e) {
                    BindException named = new BindException("cannot listen on " + endpoint.address().getHostString()
                            + ":" + endpoint.address().getPort() + ": " + e.getMessage());
                    named.initCause(e);
                    throw named;
                }
                InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
                (endpoint.engines() == null ? cleartextBound : tlsBound).add(bound);
            }
            for (int i = 0; i < eventLoops; i++) {
                loops.add(new EventLoop(context, "h2j-loop-" + i));
            }
            acceptor = new Acceptor(context, listeners, loops);
        } catch (IOException | RuntimeException e) {
            for (Acceptor.Listener listener : listeners) {
                listener.channel().close();
            }
            cleartextBound.clear();
            tlsBound.clear();
            loops.clear();
            throw e;
        }
        loops.forEach(EventLoop::start);
        acceptor.start();
        state = State.RUNNING;
        return this;
    }

    /**
     * Returns the bound cleartext (h2c) addresses, in the order they were added to the builder; with
     * port 0 asked for, these carry the ports the system chose.
     *
     * @return the addresses; empty before {@link #start()}
     */
    public synchronized List<InetSocketAddress> cleartextAddresses() {
        return List.copyOf(cleartextBound);
    }

    /**
     * Returns the bound TLS addresses, in the order they were added to the builder.
     *
     * @return the addresses; empty before {@link #start()}
     */
    public synchronized List<InetSocketAddress> tlsAddresses() {
        return List.copyOf(tlsBound);
    }

    /**
     * Returns the most octets one connection of this server has held at once waiting for its client to
     * read them, since the start: the core's outbound buffer plus the driver's write and TLS buffers.
     * It stays below a fixed bound (about 64 KiB of content plus one frame, one write buffer and one TLS
     * record, unless the application sends larger header blocks) however slowly clients read, because
     * content is pulled only as the socket drains.
     *
     * @return the high-water mark in octets
     */
    public long peakConnectionOutput() {
        return context.peakOutput().get();
    }

    /**
     * Returns how many client connections the server holds now: accepted and not closed yet, whatever their
     * phase (TLS handshake, HTTP/1.1 head or upgrade, HTTP/2, lingering after the last octets went out). A
     * connection the acceptor is handing to an event loop at that moment is not counted yet. For metrics,
     * and to check that connections a client dropped, or the server closed, are released.
     *
     * @return the count; 0 before {@link #start()} and after the server closed
     */
    public synchronized int openConnections() {
        int count = 0;
        for (EventLoop loop : loops) {
            count += loop.owned();
        }
        return count;
    }

    /**
     * Closes gracefully and waits: stops accepting, starts the two-phase GOAWAY of RFC 9113 §6.8 on every
     * HTTP/2 connection (GOAWAY with 2^31-1 and a PING, then the final GOAWAY), lets streams in flight
     * finish, and closes each connection when its streams are done; connections still open after the
     * shutdown timeout are closed then. Connections that speak no HTTP/2 yet close at once, and so do
     * HTTP/2 connections whose client has not sent its preface (a browser's preconnected socket), after a
     * GOAWAY naming no stream. Does nothing if the server is closed or was never started.
     *
     * @throws IllegalStateException if called on one of the server's event loops (from a handler or a
     *     listener), which the close waits for
     */
    @Override
    public void close() {
        checkNotOnLoop();
        long deadline;
        synchronized (this) {
            if (state != State.RUNNING) {
                state = state == State.NEW ? State.CLOSED : state;
                return;
            }
            state = State.CLOSING;
        }
        try {
            acceptor.stop();
            deadline = System.nanoTime() + shutdownTimeout.toNanos();
            for (EventLoop loop : loops) {
                loop.shutdown(deadline);
            }
            for (EventLoop loop : loops) {
                // The loop closes what is left at the deadline; the extra second is for that close itself.
                loop.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.forEach(EventLoop::shutdownNow);
        }
        synchronized (this) {
            state = State.CLOSED;
        }
    }

    /**
     * Closes at once: stops accepting and closes every connection without waiting for streams; their
     * listeners see a reset with CANCEL. Waits for the threads to end.
     *
     * @throws IllegalStateException if called on one of the server's event loops
     */
    public void shutdownNow() {
        checkNotOnLoop();
        synchronized (this) {
            if (state == State.NEW || state == State.CLOSED) {
                state = State.CLOSED;
                return;
            }
            state = State.CLOSING;
        }
        try {
            acceptor.stop();
            for (EventLoop loop : loops) {
                loop.shutdownNow();
            }
            for (EventLoop loop : loops) {
                loop.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            state = State.CLOSED;
        }
    }

    private synchronized void checkNotOnLoop() {
        for (EventLoop loop : loops) {
            if (loop.inLoop()) {
                throw new IllegalStateException("close the server from a thread of your own: an event loop cannot wait"
                        + " for itself");
            }
        }
    }

    /**
     * Configures an {@link H2Server}. At least one listening address is needed; every other setting has a
     * default. Not thread-safe.
     */
    public static final class Builder {
        private final Handler handler;
        private final List<Endpoint> endpoints = new ArrayList<>();
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private H2Configuration configuration = H2Configuration.server();
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration stallTimeout = Duration.ofSeconds(30);
        // Null when nothing is logged: then no entry is even made.
        private Consumer<AccessLogEntry> accessLog;

        private Builder(Handler handler) {
            this.handler = handler;
        }

        /**
         * Listens for cleartext HTTP/2 (h2c): prior knowledge, or an HTTP/1.1 upgrade. May be called more
         * than once.
         *
         * @param address the address; port 0 lets the system choose (see {@link H2Server#cleartextAddresses()})
         * @return this builder
         * @throws NullPointerException if {@code address} is null
         */
        public Builder cleartext(InetSocketAddress address) {
            endpoints.add(new Endpoint(Objects.requireNonNull(address, "address"), null));
            return this;
        }

        /**
         * Listens for HTTP/2 over TLS, with engines made by {@link Tls#serverEngine(SSLContext)}. May be
         * called more than once.
         *
         * @param address the address; port 0 lets the system choose (see {@link H2Server#tlsAddresses()})
         * @param context a TLS context holding the server's key and certificate
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder tls(InetSocketAddress address, SSLContext context) {
            Objects.requireNonNull(context, "context");
            return tls(address, () -> Tls.serverEngine(context));
        }

        /**
         * Listens for HTTP/2 over TLS, with an engine of the caller's making per connection (for SNI-based
         * certificates or client authentication). The server uses each engine as it is: configure it with
         * {@link Tls#configure(SSLEngine)} in server mode. The §9.2 checks still run after each handshake.
         *
         * @param address the address; port 0 lets the system choose
         * @param engines makes one server-mode engine per accepted connection, on an event loop
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder tls(InetSocketAddress address, Supplier<SSLEngine> engines) {
            endpoints.add(new Endpoint(Objects.requireNonNull(address, "address"),
                    Objects.requireNonNull(engines, "engines")));
            return this;
        }

        /**
         * Sets how many event-loop threads own the connections. Default: the number of available
         * processors.
         *
         * @param count 1 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is below 1
         */
        public Builder eventLoops(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("eventLoops " + count + " is below 1");
            }
            this.eventLoops = count;
            return this;
        }

        /**
         * Sets the configuration of every connection: header validation, limits, logger, and whether to
         * send SETTINGS_NO_RFC7540_PRIORITIES (which makes every connection use RFC 9218 priorities). Default
         * {@link H2Configuration#server()}. Without a clock of its own ({@link H2Configuration#clock()}),
         * the server gives it {@code System::nanoTime}.
         *
         * @param value a server-side configuration
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is a client configuration
         * @throws NullPointerException if {@code value} is null
         */
        public Builder configuration(H2Configuration value) {
            if (Objects.requireNonNull(value, "configuration").clientSide()) {
                throw new IllegalArgumentException("a server needs a server-side H2Configuration");
            }
            this.configuration = value;
            return this;
        }

        /**
         * Sets how long {@link H2Server#close()} lets streams in flight finish. Default 30 seconds.
         *
         * @param value zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         * @throws NullPointerException if {@code value} is null
         */
        public Builder shutdownTimeout(Duration value) {
            if (Objects.requireNonNull(value, "shutdownTimeout").isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout " + value + " is negative");
            }
            this.shutdownTimeout = value;
            return this;
        }

        /**
         * Sets how long a connection may go without a stream and without receiving a complete frame before
         * the server closes it with GOAWAY NO_ERROR (RFC 9113 §9.1), and how long after connecting a client
         * has to start HTTP/2 (TLS handshake, preface, HTTP/1.1 request head) before it is closed at once.
         * It is also how long a client may leave our pending output unread before its connection is
         * dropped. Default 60 seconds.
         *
         * @param value more than zero; checked a few times a second
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         * @throws NullPointerException if {@code value} is null
         */
        public Builder idleTimeout(Duration value) {
            if (Objects.requireNonNull(value, "idleTimeout").isNegative() || value.isZero()) {
                throw new IllegalArgumentException("idleTimeout " + value + " is not positive");
            }
            this.idleTimeout = value;
            return this;
        }

        /**
         * Sets how long a response's content may wait for a flow-control window the client keeps shut
         * (its stream's or the connection's, RFC 9113 §6.9) before the server resets the stream with
         * CANCEL and frees it: a client that stops reading, or never opens its windows, cannot hold
         * streams and the content waiting for them for the life of the connection (CVE-2016-1546,
         * CVE-2019-9517). A stream is reset once its window has been shut for the whole timeout and its
         * content has waited that long with no DATA frame sent; a response whose application has nothing
         * to send is never reset for it.
         * Default 30 seconds (Jetty's stream idle timeout; Tomcat waits 20 seconds for a window).
         *
         * @param value more than zero; checked a few times a second
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is zero or negative
         * @throws NullPointerException if {@code value} is null
         * @see H2Connection#stalledStreams(Duration)
         */
        public Builder stallTimeout(Duration value) {
            if (Objects.requireNonNull(value, "stallTimeout").isNegative() || value.isZero()) {
                throw new IllegalArgumentException("stallTimeout " + value + " is not positive");
            }
            this.stallTimeout = value;
            return this;
        }

        /**
         * Sets what receives one entry per finished stream, on the event loop (keep it quick). Default:
         * nothing is logged.
         *
         * @param value the access log
         * @return this builder
         * @throws NullPointerException if {@code value} is null
         */
        public Builder accessLog(Consumer<AccessLogEntry> value) {
            this.accessLog = Objects.requireNonNull(value, "accessLog");
            return this;
        }

        /**
         * Builds the server; {@link H2Server#start()} binds and starts it.
         *
         * @return the server, not started
         * @throws IllegalStateException if no listening address was added
         */
        public H2Server build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("add a cleartext or a TLS address to listen on");
            }
            return new H2Server(this);
        }
    }
}

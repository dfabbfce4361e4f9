package dev.h2j.io.client;

import dev.h2j.H2Configuration;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * How {@link H2Client#connect(java.net.URI, ClientOptions)} connects: TLS trust, how to start h2 on
 * cleartext, the core's configuration, timeouts, flow-control budgets, a frame tracer and the executor.
 * Immutable: each {@code with...} method returns a copy with one option changed.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults()
 *         .withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE)
 *         .withConnectTimeout(Duration.ofSeconds(3));
 * }</pre>
 */
public final class ClientOptions {
    private static final ClientOptions DEFAULTS = new ClientOptions(null, false, CleartextMode.UPGRADE,
            H2Configuration.client(), Duration.ofSeconds(10), 16 << 20, 64L << 20, null, SharedExecutor.INSTANCE);

    /** RFC 9113 §6.9.2: every connection window starts at 65,535 octets. */
    static final int INITIAL_CONNECTION_WINDOW = 65_535;

    private final SSLContext sslContext;
    private final boolean insecure;
    private final CleartextMode cleartextMode;
    private final H2Configuration configuration;
    private final Duration connectTimeout;
    private final int connectionWindowSize;
    private final long maxResponseBodySize;
    private final FrameListener frameListener;
    private final Executor executor;

    private ClientOptions(SSLContext sslContext, boolean insecure, CleartextMode cleartextMode,
            H2Configuration configuration, Duration connectTimeout, int connectionWindowSize, long maxResponseBodySize,
            FrameListener frameListener, Executor executor) {
        this.sslContext = sslContext;
        this.insecure = insecure;
        this.cleartextMode = cleartextMode;
        this.configuration = configuration;
        this.connectTimeout = connectTimeout;
        this.connectionWindowSize = connectionWindowSize;
        this.maxResponseBodySize = maxResponseBodySize;
        this.frameListener = frameListener;
        this.executor = executor;
    }

    /**
     * Returns the defaults: the JDK's default TLS context (its default trust store) with certificate and
     * host name checks, h2c upgrade for {@code http://}, {@link H2Configuration#client()}, a 10-second
     * connect timeout, a 16 MiB connection window, responses of at most 64 MiB for
     * {@link ClientConnection#send(Request)}, no frame listener, and a shared pool of daemon threads.
     *
     * @return the defaults
     */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the TLS context for {@code https://}. Default: {@link SSLContext#getDefault()}, or, after
     * {@link #insecure()}, a context that trusts every certificate.
     *
     * @return the context
     * @throws IllegalStateException if the JDK has no default context
     */
    public SSLContext sslContext() {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            return insecure ? InsecureTrust.context() : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /**
     * Returns a copy that uses this TLS context, with certificate and host name checks (this undoes
     * {@link #insecure()}).
     *
     * @param value an initialised context holding the trust the client needs
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public ClientOptions withSslContext(SSLContext value) {
        return new ClientOptions(Objects.requireNonNull(value, "sslContext"), false, cleartextMode, configuration,
                connectTimeout, connectionWindowSize, maxResponseBodySize, frameListener, executor);
    }

    /**
     * Returns a copy that trusts <strong>any</strong> server certificate and checks no host name, like
     * {@code curl -k}.
     *
     * <p><strong>Warning:</strong> this turns off what makes TLS secure against an active attacker:
     * anyone between the client and the server can read and change the traffic. For tests and debugging
     * only. TLS 1.2+, the RFC 9113 §9.2 cipher rules and ALPN h2 still apply.
     *
     * @return the copy
     */
    public ClientOptions insecure() {
        return new ClientOptions(null, true, cleartextMode, configuration, connectTimeout, connectionWindowSize,
                maxResponseBodySize, frameListener, executor);
    }

    /**
     * Returns whether {@link #insecure()} applies: no certificate or host name check.
     *
     * @return true if certificates are not checked
     */
    public boolean isInsecure() {
        return insecure;
    }

    /**
     * Returns how h2 starts on {@code http://} origins. Default {@link CleartextMode#UPGRADE}.
     *
     * @return the mode
     */
    public CleartextMode cleartextMode() {
        return cleartextMode;
    }

    /**
     * Returns a copy with another cleartext mode.
     *
     * @param value the mode
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public ClientOptions withCleartextMode(CleartextMode value) {
        return new ClientOptions(sslContext, insecure, Objects.requireNonNull(value, "cleartextMode"), configuration,
                connectTimeout, connectionWindowSize, maxResponseBodySize, frameListener, executor);
    }

    /**
     * Returns the core's configuration: validation, limits (SETTINGS_INITIAL_WINDOW_SIZE is each
     * response's stream window, the most a response buffers unread), logger. Default
     * {@link H2Configuration#client()}.
     *
     * @return the configuration
     */
    public H2Configuration configuration() {
        return configuration;
    }

    /**
     * Returns a copy with another core configuration.
     *
     * @param value a client-side configuration without server push (the client refuses pushes), with a
     *     stream window ({@link dev.h2j.Limits#initialWindowSize()}) of at least 1
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is for a server, enables push, or has a stream
     *     window of 0 (the client opens windows only as it reads, so no response could ever start)
     * @throws NullPointerException if {@code value} is null
     */
    public ClientOptions withConfiguration(H2Configuration value) {
        Objects.requireNonNull(value, "configuration");
        if (!value.clientSide()) {
            throw new IllegalArgumentException("a client connection needs a client-side configuration");
        }
        if (value.enablePush()) {
            throw new IllegalArgumentException("the h2j client does not accept server push (RFC 9113 §8.4)");
        }
        if (value.limits().initialWindowSize() == 0) {
            throw new IllegalArgumentException("a stream window of 0 would stall every response: the client opens"
                    + " windows only as it reads (RFC 9113 §6.9)");
        }
        return new ClientOptions(sslContext, insecure, cleartextMode, value, connectTimeout, connectionWindowSize,
                maxResponseBodySize, frameListener, executor);
    }

    /**
     * Returns how long the TCP connect, and then the TLS handshake, may each take. Default 10 seconds.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns a copy with another connect timeout.
     *
     * @param value the timeout, positive and at most 2^31-1 milliseconds
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is not positive or too long
     * @throws NullPointerException if {@code value} is null
     */
    public ClientOptions withConnectTimeout(Duration value) {
        Objects.requireNonNull(value, "connectTimeout");
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be positive and at most 2^31-1 ms: " + value);
        }
        return new ClientOptions(sslContext, insecure, cleartextMode, configuration, value, connectionWindowSize,
                maxResponseBodySize, frameListener, executor);
    }

    /**
     * Returns the connection's inbound flow-control window (RFC 9113 §6.9): the most response octets the
     * server may have sent that the application has not read yet, over all streams. The client opens
     * no more streams at once than this window divided by the stream window holds, so responses nobody
     * reads can never starve the one being read. Default 16 MiB.
     *
     * @return the window, in octets
     */
    public int connectionWindowSize() {
        return connectionWindowSize;
    }

    /**
     * Returns a copy with another connection window.
     *
     * @param value the window, 65,535 to 2^31-1 octets
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is below 65,535
     */
    public ClientOptions withConnectionWindowSize(int value) {
        if (value < INITIAL_CONNECTION_WINDOW) {
            throw new IllegalArgumentException("RFC 9113 §6.9.2: the connection window is at least 65535: " + value);
        }
        return new ClientOptions(sslContext, insecure, cleartextMode, configuration, connectTimeout, value,
                maxResponseBodySize, frameListener, executor);
    }

    /**
     * Returns the largest body {@link ClientConnection#send(Request)} collects in memory; a longer one
     * cancels its stream and fails the request ({@link ClientConnection#stream(Request)} streams bodies
     * of any length). Default 64 MiB.
     *
     * @return the limit, in octets
     */
    public long maxResponseBodySize() {
        return maxResponseBodySize;
    }

    /**
     * Returns a copy with another limit on collected response bodies.
     *
     * @param value the limit in octets, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public ClientOptions withMaxResponseBodySize(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxResponseBodySize must not be negative: " + value);
        }
        return new ClientOptions(sslContext, insecure, cleartextMode, configuration, connectTimeout,
                connectionWindowSize, value, frameListener, executor);
    }

    /**
     * Returns the listener that sees every frame sent and received. Default none.
     *
     * @return the listener, or empty
     */
    public Optional<FrameListener> frameListener() {
        return Optional.ofNullable(frameListener);
    }

    /**
     * Returns a copy with a frame listener.
     *
     * @param value the listener
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public ClientOptions withFrameListener(FrameListener value) {
        return new ClientOptions(sslContext, insecure, cleartextMode, configuration, connectTimeout,
                connectionWindowSize, maxResponseBodySize, Objects.requireNonNull(value, "frameListener"), executor);
    }

    /**
     * Returns the executor that completes the futures {@link ClientConnection} returns (so dependent
     * actions never run on the connection's own threads) and reads request bodies. Default: a shared
     * pool of daemon threads, created as needed and ended after a minute idle.
     *
     * @return the executor
     */
    public Executor executor() {
        return executor;
    }

    /**
     * Returns a copy with another executor. It must run tasks on threads other than the caller's: a
     * request body upload blocks its thread while flow control holds it back.
     *
     * @param value the executor
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public ClientOptions withExecutor(Executor value) {
        return new ClientOptions(sslContext, insecure, cleartextMode, configuration, connectTimeout,
                connectionWindowSize, maxResponseBodySize, frameListener, Objects.requireNonNull(value, "executor"));
    }

    /** The default executor: daemon threads, so an unclosed connection never keeps the JVM alive. */
    private static final class SharedExecutor {
        static final ExecutorService INSTANCE = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new Daemons());
    }

    /** Names and marks the shared pool's threads. */
    private static final class Daemons implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "h2j-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}

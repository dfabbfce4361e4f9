package dev.h2j.io.client;

import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.Headers;
import dev.h2j.NoAvailableStreamIdException;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.Tls;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 connection from a client to one origin, carrying many requests at once (RFC 9113 §5),
 * opened by {@link H2Client#connect(URI, ClientOptions)}.
 *
 * <pre>{@code
 * try (ClientConnection connection = H2Client.connect(URI.create("https://example.com/"))) {
 *     CompletableFuture<Response> a = connection.send(Request.get(URI.create("https://example.com/a")));
 *     CompletableFuture<Response> b = connection.send(Request.get(URI.create("https://example.com/b")));
 *     System.out.println(a.join().status() + " " + b.join().bodyText());
 *     try (ResponseStream big = connection.stream(Request.get(URI.create("https://example.com/big"))).join()) {
 *         big.body().transferTo(System.out);
 *     }
 * }
 * }</pre>
 *
 * <p><strong>Requests.</strong> {@link #send(Request)} collects the whole response; {@link #stream(Request)}
 * completes when the response's header fields arrive and streams the body with backpressure;
 * {@link #execute(Request)} blocks. Requests wait in order while the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS (100 until its SETTINGS arrive), the connection window (see
 * {@link ClientOptions#connectionWindowSize()}) or the core's outbound buffer is full. Request bodies
 * are read in the {@linkplain ClientOptions#executor() executor} and sent as flow control allows;
 * trailers follow them. Futures complete in the executor, never on the connection's threads.
 *
 * <p><strong>Starting h2.</strong> {@code https://}: TLS 1.2 or 1.3 with ALPN h2 (RFC 9113 §3.2), the
 * §9.2 cipher rules, and a certificate checked against the host unless {@link ClientOptions#insecure()}.
 * {@code http://}: prior knowledge, or the h2c upgrade (RFC 7540 §3.2), which happens with the first
 * request: it goes out as HTTP/1.1 with {@code Upgrade: h2c} and its response arrives on stream 1. A
 * first request with a body, trailers or the HEAD method cannot carry the upgrade; then
 * {@code OPTIONS *} carries it and that request follows over h2. If the server answers in HTTP/1.1,
 * every request fails with {@link UpgradeRefusedException}.
 *
 * <p><strong>Errors.</strong> A stream the server resets fails its request with
 * {@link StreamResetException} and the others go on; a GOAWAY with an error code, a connection error
 * the server caused (h2j sends GOAWAY with its code), or a lost connection fails every request in
 * flight with {@link GoAwayException} or {@link H2ClientException}. After a GOAWAY with NO_ERROR,
 * requests in flight finish and new ones fail.
 *
 * <p><strong>Closing.</strong> {@link #close()} refuses new requests, waits until every request in flight
 * has been sent and its response has arrived in full (a streamed response nobody reads can hold it
 * back: read or close it), then sends GOAWAY NO_ERROR and closes the socket. {@link #abort()} resets
 * the streams in flight and closes at once. Response octets that have already arrived stay readable
 * after either.
 *
 * <p><strong>Threads.</strong> Thread-safe. Each connection runs a reader thread and a writer thread
 * (daemons); the {@link H2Connection} inside is touched only under one lock, and socket I/O happens
 * outside it, so a blocked write never stops the reader from taking the server's WINDOW_UPDATEs.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113</a>
 */
public final class ClientConnection implements Closeable {
    /** RFC 9113 §6.5.2: the server's stream limit is unlimited until its SETTINGS; §6.5.2 suggests 100 at least. */
    private static final int ASSUMED_PEER_STREAM_LIMIT = 100;
    private static final int READ_BUFFER = 32_768;
    private static final int WRITE_CHUNK = 65_536;
    private static final int UPLOAD_CHUNK = 16_384;
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    /** Where the connection stands; what may happen next depends on it. */
    enum Phase {
        /** h2c: the socket is open, nothing sent; the first request will carry the upgrade. */
        AWAITING_UPGRADE,
        /** h2c: the HTTP/1.1 upgrade request is out (or about to be); waiting for 101. */
        UPGRADING,
        /** Frames flow both ways; requests start. */
        OPEN,
        /** A GOAWAY was received or {@link #close()} called: requests in flight finish, no new ones. */
        DRAINING,
        /** Failed or closed: nothing more is accepted; the writer sends what is left and closes the socket. */
        CLOSED;

        /** Whether queued HTTP/2 octets may go out in this phase. */
        boolean carriesFrames() {
            return this == OPEN || this == DRAINING || this == CLOSED;
        }
    }

    private final Origin origin;
    private final ClientOptions options;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SSLSession tlsSession;
    private final Executor executor;
    private final FrameListener listener;
    private final FrameTap sentTap;
    private final FrameTap receivedTap;
    /** How many exchanges may hold flow-control credit at once: connection window / stream window. */
    private final int streamBudget;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever an exchange, a window or the phase changes. */
    private final Condition changed = lock.newCondition();
    /** Signalled when there is something for the writer. */
    private final Condition output = lock.newCondition();

    // Everything below is guarded by the lock.
    private final H2Connection conn;
    private Phase phase;
    private final Map<Integer, Exchange> exchanges = new HashMap<>();
    private final ArrayDeque<Exchange> queued = new ArrayDeque<>();
    private long peerStreamLimit = ASSUMED_PEER_STREAM_LIMIT;
    /** Why new requests fail; null while they are accepted. */
    private H2ClientException refusal;
    /** The server's GOAWAY, once one arrived. */
    private GoAwayException serverGoAway;
    /** The HTTP/1.1 upgrade request head, until the writer takes it. */
    private String upgradeHead;
    /** Futures to complete, handed to the executor once the lock is released. */
    private final List<Runnable> afterUnlock = new ArrayList<>();
    /** Exchanges whose body upload is to start in the executor once the lock is released. */
    private final List<Exchange> uploads = new ArrayList<>();

    private final Thread reader;
    private final Thread writer;

    private ClientConnection(Origin origin, ClientOptions options, Socket socket, SSLSession tlsSession)
            throws IOException {
        this.origin = origin;
        this.options = options;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.tlsSession = tlsSession;
        this.executor = options.executor();
        this.listener = options.frameListener().orElse(null);
        this.sentTap = listener == null ? null : new FrameTap(FrameListener.Direction.SENT, listener, true);
        this.receivedTap = listener == null ? null : new FrameTap(FrameListener.Direction.RECEIVED, listener, false);
        this.streamBudget = Math.max(1,
                options.connectionWindowSize() / options.configuration().limits().initialWindowSize());
        this.conn = new H2Connection(options.configuration());
        if (origin.secure() || options.cleartextMode() == CleartextMode.PRIOR_KNOWLEDGE) {
            conn.initiateConnection();
            widenConnectionWindow();
            phase = Phase.OPEN;
        } else {
            phase = Phase.AWAITING_UPGRADE;
        }
        String name = "h2j-client " + origin;
        this.reader = new Thread(this::readLoop, name + " reader");
        this.writer = new Thread(this::writeLoop, name + " writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Connects to the origin of {@code uri}: TCP, then TLS with ALPN h2 for https. */
    static ClientConnection open(URI uri, ClientOptions options) throws IOException {
        Origin origin = Origin.of(uri);
        Socket socket = new Socket();
        try {
            try {
                socket.connect(new InetSocketAddress(origin.socketHost(), origin.port()),
                        (int) options.connectTimeout().toMillis());
            } catch (IOException e) {
                throw new H2ClientException("cannot connect to " + origin + ": " + e.getMessage(), null, e);
            }
            socket.setTcpNoDelay(true);
            if (!origin.secure()) {
                return new ClientConnection(origin, options, socket, null);
            }
            SSLSocket tls = handshake(socket, origin, options);
            socket = tls;
            return new ClientConnection(origin, options, tls, tls.getSession());
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** RFC 9113 §3.2, §9.2: TLS 1.2+, no Appendix A suite, ALPN h2 selected, the host's certificate. */
    private static SSLSocket handshake(Socket plain, Origin origin, ClientOptions options) throws IOException {
        SSLSocket tls = (SSLSocket) options.sslContext().getSocketFactory()
                .createSocket(plain, origin.socketHost(), origin.port(), true);
        Tls.configure(tls);
        if (!options.isInsecure()) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        tls.setSoTimeout((int) options.connectTimeout().toMillis());
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            throw new H2ClientException("TLS handshake with " + origin + " failed: " + e.getMessage(), null, e);
        }
        tls.setSoTimeout(0);
        String selected = tls.getApplicationProtocol();
        if (!Tls.ALPN_H2.equals(selected)) {
            throw new H2ClientException("TLS: the server at " + origin + " did not select ALPN h2 (it selected "
                    + (selected == null || selected.isEmpty() ? "nothing" : selected)
                    + "), so it does not speak HTTP/2 over TLS (RFC 9113 §3.2)", null, null);
        }
        String inadequate = Tls.inadequateSecurity(tls.getSession());
        if (inadequate != null) {
            // RFC 9113 §9.2: a connection error INADEQUATE_SECURITY, said with GOAWAY before closing.
            H2Connection refusal = new H2Connection(options.configuration());
            refusal.initiateConnection();
            refusal.closeConnection(ErrorCode.INADEQUATE_SECURITY);
            ByteBuffer goAway = refusal.dataToSend();
            byte[] octets = new byte[goAway.remaining()];
            goAway.get(octets);
            tls.getOutputStream().write(octets);
            throw new GoAwayException(ErrorCode.INADEQUATE_SECURITY, 0, false, inadequate);
        }
        return tls;
    }

    // ------------------------------------------------------------------ the public API

    /**
     * Sends a request and collects its whole response, body and trailers.
     *
     * @param request the request; its URI must have this connection's origin
     * @return a future that completes with the response, or exceptionally with an
     *     {@link H2ClientException} (a {@link StreamResetException}, {@link GoAwayException} or
     *     {@link UpgradeRefusedException} when HTTP/2 says why); cancelling it resets the stream
     * @throws IllegalArgumentException if the request is for another origin
     * @throws NullPointerException if {@code request} is null
     */
    public CompletableFuture<Response> send(Request request) {
        Exchange exchange = submit(Exchange.collected(request));
        exchange.responseFuture.whenComplete((response, failure) -> cancelled(exchange, failure));
        return exchange.responseFuture;
    }

    /**
     * Sends a request; the future completes when the final response's header fields arrive, and the
     * body is then read from {@link ResponseStream#body()} as it arrives, with backpressure.
     *
     * @param request the request; its URI must have this connection's origin
     * @return a future that completes with the streaming response, or exceptionally as
     *     {@link #send(Request)}'s does; cancelling it resets the stream
     * @throws IllegalArgumentException if the request is for another origin
     * @throws NullPointerException if {@code request} is null
     */
    public CompletableFuture<ResponseStream> stream(Request request) {
        Exchange exchange = submit(Exchange.streamed(request));
        exchange.streamFuture.whenComplete((response, failure) -> cancelled(exchange, failure));
        return exchange.streamFuture;
    }

    /**
     * Sends a request and waits for its whole response: {@link #send(Request)}, blocking.
     *
     * @param request the request; its URI must have this connection's origin
     * @return the response
     * @throws H2ClientException if the request fails: {@link StreamResetException},
     *     {@link GoAwayException}, {@link UpgradeRefusedException}, or an I/O or TLS failure
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalArgumentException if the request is for another origin
     * @throws NullPointerException if {@code request} is null
     */
    public Response execute(Request request) throws IOException, InterruptedException {
        try {
            return send(request).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw new H2ClientException(request + " failed: " + e.getCause(), null, e.getCause());
        }
    }

    /**
     * Returns the origin this connection goes to.
     *
     * @return the origin, such as {@code https://example.com:443}
     */
    public URI origin() {
        return URI.create(origin.toString());
    }

    /**
     * Returns the TLS session of an {@code https://} connection, whose application protocol is h2.
     *
     * @return the session, or empty for cleartext
     */
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tlsSession);
    }

    /**
     * Returns whether new requests are accepted: false after {@link #close()}, {@link #abort()}, a
     * GOAWAY from the server or a failure.
     *
     * @return whether {@link #send(Request)} may succeed
     */
    public boolean isOpen() {
        lock.lock();
        try {
            return refusal == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes gracefully: refuses new requests, waits until every request in flight has been sent and its
     * response has arrived in full, sends GOAWAY NO_ERROR (RFC 9113 §6.8) and closes the socket. A
     * streamed response that nobody reads can hold this up: read it or close it first, or call
     * {@link #abort()}. Does nothing if the connection is closed already.
     *
     * @throws InterruptedIOException if the thread is interrupted while waiting; the connection is
     *     then aborted
     */
    @Override
    public void close() throws InterruptedIOException {
        boolean interrupted = false;
        lock.lock();
        try {
            refuse(new H2ClientException("the connection to " + origin + " was closed by the client", null, null));
            if (phase == Phase.OPEN) {
                phase = Phase.DRAINING;
            }
            while (phase != Phase.CLOSED && inFlight()) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) {
                resetInFlight();
            }
            if (phase.carriesFrames() && phase != Phase.CLOSED) {
                goAwayQuietly();
            }
            shutdown(refusal);
        } finally {
            unlock();
        }
        finish();
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing the connection to " + origin);
        }
    }

    /**
     * Closes at once: resets every stream in flight (RST_STREAM CANCEL), sends GOAWAY NO_ERROR and closes
     * the socket; requests in flight fail. Does nothing if the connection is closed already.
     */
    public void abort() {
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            refuse(new H2ClientException("the connection to " + origin + " was aborted by the client", null, null));
            if (phase.carriesFrames()) {
                resetInFlight();
                goAwayQuietly();
            }
            shutdown(refusal);
        } finally {
            unlock();
        }
        finish();
    }

    // ------------------------------------------------------------------ requests

    private Exchange submit(Exchange exchange) {
        Origin target = Origin.of(exchange.request.uri());
        if (!target.sameAs(origin)) {
            throw new IllegalArgumentException("a request for " + target + " cannot go on a connection to " + origin);
        }
        lock.lock();
        try {
            if (refusal != null) {
                fail(exchange, refusal);
                return exchange;
            }
            switch (phase) {
                case AWAITING_UPGRADE -> {
                    if (Upgrade.canCarry(exchange.request)) {
                        beginUpgrade(exchange);
                    } else {
                        beginUpgrade(Exchange.collected(Request.optionsAsterisk(exchange.request.uri())));
                        queued.add(exchange);
                    }
                }
                case UPGRADING -> queued.add(exchange);
                default -> {
                    queued.add(exchange);
                    pump();
                }
            }
        } finally {
            unlock();
        }
        return exchange;
    }

    /** RFC 7540 §3.2: the first request goes out as HTTP/1.1 asking for h2c; its response comes on stream 1. */
    private void beginUpgrade(Exchange exchange) {
        String settings = conn.initiateUpgradeConnection();
        widenConnectionWindow();
        exchange.streamId = 1;
        exchange.sending = Exchange.Sending.DONE;
        exchanges.put(1, exchange);
        upgradeHead = Upgrade.requestHead(exchange.request, origin, settings);
        phase = Phase.UPGRADING;
        output.signal();
    }

    /** Starts queued exchanges while the server's limit, the window budget and the outbound buffer allow. */
    private void pump() {
        while ((phase == Phase.OPEN || phase == Phase.DRAINING) && !queued.isEmpty()
                && exchanges.size() < streamBudget && conn.openOutboundStreams() < peerStreamLimit
                && conn.isWritable()) {
            start(queued.poll());
        }
    }

    private void start(Exchange exchange) {
        int id;
        try {
            id = conn.nextAvailableStreamId();
        } catch (NoAvailableStreamIdException e) {
            refuse(new H2ClientException("every client stream id of the connection to " + origin
                    + " is used (RFC 9113 §5.1.1); open a new connection", null, e));
            fail(exchange, refusal);
            failQueued(refusal);
            return;
        }
        Request request = exchange.request;
        Headers fields = Headers.request(request.method(), origin.scheme(), origin.authority(), request.path());
        for (HeaderField field : request.headers()) {
            fields.add(field.name(), field.value());
        }
        try {
            conn.sendHeaders(id, fields.build(), !request.hasContent());
        } catch (H2Exception e) {
            fail(exchange, new H2ClientException(request + " refused: " + e.getMessage(), null, e));
            return;
        }
        exchange.streamId = id;
        exchanges.put(id, exchange);
        if (request.hasContent()) {
            exchange.sending = Exchange.Sending.BODY;
            uploads.add(exchange);
        } else {
            exchange.sending = Exchange.Sending.DONE;
        }
        output.signal();
    }

    /**
     * Sends a request's body and trailers, in the executor: reads a chunk without the lock, then waits
     * under it until flow control (RFC 9113 §6.9) and the outbound buffer let it go.
     */
    private void upload(Exchange exchange) {
        Request request = exchange.request;
        InputStream body = null;
        try {
            body = request.hasBody() ? request.openBody() : InputStream.nullInputStream();
            byte[] buffer = new byte[UPLOAD_CHUNK];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                for (int offset = 0; offset < n; ) {
                    lock.lock();
                    try {
                        int room = awaitRoom(exchange);
                        if (room == 0) {
                            return;
                        }
                        int length = Math.min(room, n - offset);
                        conn.sendData(exchange.streamId, ByteBuffer.wrap(buffer, offset, length), false);
                        offset += length;
                        output.signal();
                    } finally {
                        unlock();
                    }
                }
            }
            List<HeaderField> trailers = request.trailers();
            lock.lock();
            try {
                while (exchange.sending == Exchange.Sending.BODY && !conn.isWritable()) {
                    changed.await();
                }
                if (exchange.sending != Exchange.Sending.BODY) {
                    return;
                }
                if (trailers.isEmpty()) {
                    conn.endStream(exchange.streamId);
                } else {
                    // RFC 9113 §8.1: trailers are a HEADERS frame that ends the stream.
                    conn.sendHeaders(exchange.streamId, trailers, true);
                }
                exchange.sending = Exchange.Sending.DONE;
                release(exchange);
                output.signal();
            } finally {
                unlock();
            }
        } catch (IOException | RuntimeException e) {
            abandon(exchange, new H2ClientException("sending the body of " + request + " failed: " + e.getMessage(),
                    e instanceof H2Exception h2 ? h2.errorCode() : null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(exchange, new H2ClientException("sending the body of " + request + " was interrupted", null, e));
        } finally {
            closeQuietly(body);
        }
    }

    /** Waits (lock held) until DATA may be sent on the exchange's stream; 0 if it never will. */
    private int awaitRoom(Exchange exchange) throws InterruptedException {
        while (exchange.sending == Exchange.Sending.BODY) {
            if (conn.isWritable()) {
                long window = conn.localFlowControlWindow(exchange.streamId);
                if (window > 0) {
                    return (int) Math.min(window, conn.maxOutboundFrameSize());
                }
            }
            changed.await();
        }
        return 0;
    }

    /** The upload failed: reset the stream (RFC 9113 §8.7: CANCEL) and fail the request. */
    private void abandon(Exchange exchange, H2ClientException cause) {
        lock.lock();
        try {
            if (exchange.sending == Exchange.Sending.BODY) {
                resetQuietly(exchange.streamId, ErrorCode.CANCEL);
                fail(exchange, cause);
                pump();
                output.signal();
            }
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ response bodies (ResponseStream)

    /** Reads body octets, giving their flow-control credit back as they are read. */
    int read(Exchange exchange, byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (exchange.chunks.isEmpty()) {
                if (exchange.receiving == Exchange.Receiving.ENDED) {
                    return -1;
                }
                if (exchange.receiving == Exchange.Receiving.FAILED) {
                    throw exchange.failure;
                }
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the body of " + exchange.request);
                }
            }
            Exchange.Chunk chunk = exchange.chunks.peek();
            int length = Math.min(len, chunk.octets.length - chunk.position);
            System.arraycopy(chunk.octets, chunk.position, b, off, length);
            chunk.position += length;
            if (chunk.position == chunk.octets.length) {
                exchange.chunks.poll();
            }
            exchange.unread -= length;
            long credit = Math.min(length, exchange.unacknowledged);
            exchange.unacknowledged -= credit;
            acknowledge(credit, exchange.streamId);
            release(exchange);
            pump();
            if (conn.outboundSize() > 0) {
                output.signal();
            }
            return length;
        } finally {
            unlock();
        }
    }

    /** The octets received and not read yet. */
    long available(Exchange exchange) {
        lock.lock();
        try {
            return exchange.unread;
        } finally {
            lock.unlock();
        }
    }

    /** The trailers received so far. */
    List<HeaderField> trailers(Exchange exchange) {
        lock.lock();
        try {
            return exchange.trailers;
        } finally {
            lock.unlock();
        }
    }

    /** The application is done with a response: cancel it if it has not ended, drop what is unread. */
    void discard(Exchange exchange) {
        lock.lock();
        try {
            if (queued.remove(exchange)) {
                fail(exchange, new H2ClientException(exchange.request + " was cancelled before it was sent",
                        null, null));
                return;
            }
            if (exchange.streamId > 0 && !exchange.responseOver()) {
                // RFC 9113 §8.7: CANCEL says the response is no longer wanted.
                resetQuietly(exchange.streamId, ErrorCode.CANCEL);
                fail(exchange, new StreamResetException(StreamResetException.reset(exchange.streamId,
                        ErrorCode.CANCEL, false, "the application cancelled " + exchange.request), exchange.streamId,
                        ErrorCode.CANCEL, false));
            }
            exchange.chunks.clear();
            exchange.unread = 0;
            acknowledge(exchange.unacknowledged, exchange.streamId);
            exchange.unacknowledged = 0;
            release(exchange);
            pump();
            changed.signalAll();
            output.signal();
        } finally {
            unlock();
        }
    }

    private void cancelled(Exchange exchange, Throwable failure) {
        if (failure instanceof CancellationException) {
            discard(exchange);
        }
    }

    // ------------------------------------------------------------------ the reader

    private void readLoop() {
        H2ClientException end;
        try {
            if (!phaseCarriesFramesAtStart()) {
                receive(upgraded());
            }
            byte[] buffer = new byte[READ_BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                receive(ByteBuffer.wrap(buffer, 0, n));
            }
            end = null;
        } catch (H2ClientException e) {
            end = e;
        } catch (IOException e) {
            end = new H2ClientException("reading from " + origin + " failed: " + e.getMessage(), null, e);
        }
        lock.lock();
        try {
            shutdown(end != null ? end : serverGoAway != null ? serverGoAway
                    : new H2ClientException("the server at " + origin + " closed the connection", null, null));
        } finally {
            unlock();
        }
    }

    private boolean phaseCarriesFramesAtStart() {
        lock.lock();
        try {
            return phase.carriesFrames();
        } finally {
            lock.unlock();
        }
    }

    /** Reads the answer to the upgrade request; returns the HTTP/2 octets that followed the 101. */
    private ByteBuffer upgraded() throws IOException {
        Upgrade.Answer answer = Upgrade.read(in);
        if (listener != null) {
            listener.upgrade(FrameListener.Direction.RECEIVED, answer.head());
        }
        Upgrade.requireSwitch(answer);
        lock.lock();
        try {
            if (phase != Phase.UPGRADING) {
                throw new H2ClientException("h2c upgrade: the server at " + origin
                        + " answered before the upgrade request was sent", null, null);
            }
            // RFC 7540 §3.2: after the 101 the client sends its connection preface, then frames flow.
            phase = Phase.OPEN;
            pump();
            output.signal();
        } finally {
            unlock();
        }
        return answer.rest();
    }

    private void receive(ByteBuffer data) {
        if (receivedTap != null) {
            receivedTap.accept(data);
        }
        lock.lock();
        try {
            List<Event> events;
            H2Exception error = null;
            try {
                events = conn.receiveData(data);
            } catch (H2Exception e) {
                events = e.events();
                error = e;
            }
            for (Event event : events) {
                handle(event);
            }
            if (error != null) {
                // RFC 9113 §5.4.1: the core queued GOAWAY with the code; the writer sends it, then closes.
                shutdown(new GoAwayException(error.errorCode(), 0, false, error.getMessage()));
            } else {
                pump();
            }
            changed.signalAll();
            if (conn.outboundSize() > 0) {
                output.signal();
            }
        } finally {
            unlock();
        }
    }

    private void handle(Event event) {
        if (event instanceof ResponseReceived response) {
            onResponse(response);
        } else if (event instanceof DataReceived data) {
            onData(data);
        } else if (event instanceof TrailersReceived trailers) {
            Exchange exchange = exchanges.get(trailers.streamId());
            if (exchange != null) {
                exchange.trailers = trailers.headers();
            }
        } else if (event instanceof StreamEnded ended) {
            onEnd(ended.streamId());
        } else if (event instanceof StreamReset reset) {
            onReset(reset);
        } else if (event instanceof RemoteSettingsChanged) {
            peerStreamLimit = conn.remoteSettings().maxConcurrentStreams();
        } else if (event instanceof ConnectionTerminated goAway) {
            onGoAway(goAway);
        }
        // Nothing else changes an exchange: interim responses are skipped, and the core has already
        // answered PING and SETTINGS and applied WINDOW_UPDATE (waiting uploads are woken after the batch).
    }

    private void onResponse(ResponseReceived response) {
        Exchange exchange = exchanges.get(response.streamId());
        if (exchange == null || exchange.receiving != Exchange.Receiving.HEADERS) {
            return;
        }
        // RFC 9113 §8.3.2: the core checked :status is present and three digits.
        exchange.status = Integer.parseInt(Headers.first(response.headers(), ":status").orElseThrow());
        exchange.headers = response.headers();
        exchange.receiving = Exchange.Receiving.BODY;
        if (!exchange.collected) {
            ResponseStream stream = new ResponseStream(this, exchange);
            afterUnlock.add(() -> exchange.streamFuture.complete(stream));
        }
    }

    private void onData(DataReceived data) {
        int streamId = data.streamId();
        ByteBuffer octets = data.data();
        int length = octets.remaining();
        Exchange exchange = exchanges.get(streamId);
        if (exchange == null || exchange.receiving != Exchange.Receiving.BODY) {
            // Nobody will read it (the response was cancelled): the credit goes straight back.
            acknowledge(data.flowControlledLength(), streamId);
            return;
        }
        // RFC 9113 §6.9.1: padding counts against the window and is never read; give it back now.
        acknowledge(data.flowControlledLength() - length, streamId);
        if (length == 0) {
            return;
        }
        // The event's buffer is a view of the read buffer, which the next read reuses: copy.
        byte[] copy = new byte[length];
        octets.get(copy);
        if (exchange.collected) {
            if (exchange.body.size() + (long) length > options.maxResponseBodySize()) {
                resetQuietly(streamId, ErrorCode.CANCEL);
                acknowledge(length, streamId);
                fail(exchange, new H2ClientException("the response body of " + exchange.request + " is longer than "
                        + options.maxResponseBodySize() + " octets (ClientOptions.maxResponseBodySize); stream it"
                        + " with ClientConnection.stream", ErrorCode.CANCEL, null));
                return;
            }
            exchange.body.writeBytes(copy);
            acknowledge(length, streamId);
        } else {
            exchange.chunks.add(new Exchange.Chunk(copy));
            exchange.unread += length;
            exchange.unacknowledged += length;
        }
    }

    private void onEnd(int streamId) {
        Exchange exchange = exchanges.get(streamId);
        if (exchange == null || exchange.receiving != Exchange.Receiving.BODY) {
            return;
        }
        exchange.receiving = Exchange.Receiving.ENDED;
        if (exchange.collected) {
            Response response = new Response(streamId, exchange.status, exchange.headers,
                    exchange.body.toByteArray(), exchange.trailers);
            afterUnlock.add(() -> exchange.responseFuture.complete(response));
        }
        release(exchange);
    }

    private void onReset(StreamReset reset) {
        Exchange exchange = exchanges.get(reset.streamId());
        if (exchange == null) {
            return;
        }
        if (exchange.receiving == Exchange.Receiving.ENDED) {
            // RFC 9113 §8.1: after a complete response the server may reset the rest of the request
            // (NO_ERROR): the upload stops, the response stands.
            exchange.sending = Exchange.Sending.DONE;
            release(exchange);
            return;
        }
        int id = reset.streamId();
        boolean unprocessed = serverGoAway != null && id > serverGoAway.lastStreamId();
        String message;
        if (unprocessed) {
            // RFC 9113 §6.8: the core closes our streams above the GOAWAY's last stream id as refused.
            message = "stream " + id + " refused by the server's GOAWAY (last stream " + serverGoAway.lastStreamId()
                    + "): " + exchange.request + " was not processed, as with REFUSED_STREAM (0x7); it is safe to"
                    + " retry on a new connection";
        } else if (reset.remoteReset()) {
            message = StreamResetException.reset(id, reset.errorCode(), true,
                    reset.errorCode().equals(ErrorCode.REFUSED_STREAM) ? "the server did not process "
                            + exchange.request + " (RFC 9113 §8.7); it is safe to retry" : "");
        } else {
            message = StreamResetException.reset(id, reset.errorCode(), false,
                    "the server's frames on the stream broke RFC 9113 (§5.4.2 stream error)");
        }
        fail(exchange, new StreamResetException(message, id, reset.errorCode(), reset.remoteReset() || unprocessed));
    }

    private void onGoAway(ConnectionTerminated goAway) {
        serverGoAway = new GoAwayException(goAway.errorCode(), goAway.lastStreamId(), true,
                StandardCharsets.UTF_8.decode(goAway.additionalData()).toString());
        if (goAway.errorCode().equals(ErrorCode.NO_ERROR)) {
            // RFC 9113 §6.8: streams up to the last stream id may still complete; no new ones start.
            refuse(serverGoAway);
            if (phase == Phase.OPEN) {
                phase = Phase.DRAINING;
            }
            failQueued(serverGoAway);
        } else {
            // RFC 9113 §5.4.1: a GOAWAY for an error is followed by the end of the connection.
            shutdown(serverGoAway);
        }
    }

    // ------------------------------------------------------------------ the writer

    private void writeLoop() {
        try {
            while (true) {
                String head;
                ByteBuffer chunk;
                boolean last;
                lock.lock();
                try {
                    while (upgradeHead == null && phase != Phase.CLOSED
                            && !(phase.carriesFrames() && conn.outboundSize() > 0)) {
                        output.await();
                    }
                    head = upgradeHead;
                    upgradeHead = null;
                    chunk = head != null ? ByteBuffer.wrap((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))
                            : phase.carriesFrames() ? conn.dataToSend(WRITE_CHUNK) : ByteBuffer.allocate(0);
                    last = phase == Phase.CLOSED && head == null && !chunk.hasRemaining();
                } finally {
                    lock.unlock();
                }
                if (last) {
                    return;
                }
                if (head != null && listener != null) {
                    listener.upgrade(FrameListener.Direction.SENT, head);
                } else if (sentTap != null) {
                    sentTap.accept(chunk);
                }
                write(chunk);
                lock.lock();
                try {
                    // The outbound buffer has room again: uploads waiting for it may go on.
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            lock.lock();
            try {
                shutdown(new H2ClientException("writing to " + origin + " failed: " + e.getMessage(), null, e));
                conn.clearOutboundDataBuffer();
            } finally {
                unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private void write(ByteBuffer chunk) throws IOException {
        if (chunk.hasArray()) {
            out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            out.write(copy);
        }
        out.flush();
    }

    // ------------------------------------------------------------------ shared steps (lock held)

    /** RFC 9113 §6.9.2: the connection window starts at 65,535; open it to the configured size. */
    private void widenConnectionWindow() {
        int extra = options.connectionWindowSize() - ClientOptions.INITIAL_CONNECTION_WINDOW;
        if (extra > 0) {
            conn.incrementFlowControlWindow(extra);
        }
    }

    private boolean inFlight() {
        return !queued.isEmpty() || exchanges.values().stream().anyMatch(Exchange::inFlight);
    }

    private void refuse(H2ClientException cause) {
        if (refusal == null) {
            refusal = cause;
        }
    }

    /** Completes an exchange's future with a failure; the response octets already received stay readable. */
    private void fail(Exchange exchange, H2ClientException cause) {
        exchange.sending = Exchange.Sending.DONE;
        if (!exchange.responseOver()) {
            exchange.receiving = Exchange.Receiving.FAILED;
            exchange.failure = cause;
            if (exchange.collected) {
                afterUnlock.add(() -> exchange.responseFuture.completeExceptionally(cause));
            } else {
                afterUnlock.add(() -> exchange.streamFuture.completeExceptionally(cause));
            }
        }
        // Unread octets of a failed stream will not be read on the wire's time: return their credit now.
        acknowledge(exchange.unacknowledged, exchange.streamId);
        exchange.unacknowledged = 0;
        release(exchange);
    }

    private void failQueued(H2ClientException cause) {
        while (!queued.isEmpty()) {
            fail(queued.poll(), cause);
        }
    }

    /** Forgets an exchange once its stream is done on the wire and it holds no flow-control credit. */
    private void release(Exchange exchange) {
        if (!exchange.inFlight() && exchange.unacknowledged == 0 && exchange.streamId > 0) {
            exchanges.remove(exchange.streamId, exchange);
        }
    }

    /** Gives flow-control credit back to the core, which coalesces WINDOW_UPDATEs (RFC 9113 §6.9). */
    private void acknowledge(long octets, int streamId) {
        if (octets <= 0 || streamId <= 0 || phase == Phase.CLOSED) {
            return;
        }
        try {
            conn.acknowledgeReceivedData((int) octets, streamId);
        } catch (H2Exception e) {
            // The connection has ended: there is no window left to open.
        }
    }

    private void resetQuietly(int streamId, ErrorCode code) {
        try {
            conn.resetStream(streamId, code);
        } catch (H2Exception e) {
            // The stream is closed already: nothing to reset.
        }
    }

    private void resetInFlight() {
        for (Exchange exchange : exchanges.values()) {
            if (exchange.inFlight()) {
                resetQuietly(exchange.streamId, ErrorCode.CANCEL);
            }
        }
    }

    private void goAwayQuietly() {
        try {
            conn.closeConnection(ErrorCode.NO_ERROR);
        } catch (H2Exception e) {
            // A GOAWAY went out already, or the connection failed: nothing more to say.
        }
    }

    /** Ends the connection: every request still in flight fails with {@code cause}; the writer closes the socket. */
    private void shutdown(H2ClientException cause) {
        if (phase == Phase.CLOSED) {
            return;
        }
        Phase before = phase;
        phase = Phase.CLOSED;
        refuse(cause);
        if (!before.carriesFrames()) {
            // The server never switched to h2: none of the queued h2 octets may reach it.
            upgradeHead = null;
            conn.clearOutboundDataBuffer();
        }
        for (Exchange exchange : List.copyOf(exchanges.values())) {
            fail(exchange, cause);
        }
        failQueued(cause);
        changed.signalAll();
        output.signal();
    }

    /** Releases the lock, then hands the work collected under it to the executor. */
    private void unlock() {
        List<Runnable> work = afterUnlock.isEmpty() ? List.of() : List.copyOf(afterUnlock);
        List<Exchange> starting = uploads.isEmpty() ? List.of() : List.copyOf(uploads);
        afterUnlock.clear();
        uploads.clear();
        lock.unlock();
        for (Runnable task : work) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // Completing a future here is safe: the lock is released.
                task.run();
            }
        }
        for (Exchange exchange : starting) {
            try {
                executor.execute(() -> upload(exchange));
            } catch (RejectedExecutionException e) {
                // An upload blocks on flow control, so it never runs on this thread.
                abandon(exchange, new H2ClientException("the executor refused to send the body of "
                        + exchange.request, null, e));
            }
        }
    }

    /** Lets the writer send what is left (GOAWAY), then makes sure the socket is closed and both threads end. */
    private void finish() {
        try {
            if (Thread.currentThread() != writer) {
                writer.join(CLOSE_WAIT_MILLIS);
            }
            closeQuietly(socket);
            if (Thread.currentThread() != reader) {
                reader.join(CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            closeQuietly(socket);
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort: the connection is over either way.
        }
    }
}

package dev.h2j.io.server;

import dev.h2j.ConnectionScheduler;
import dev.h2j.ErrorScope;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.Headers;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PingAckReceived;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.Tls;
import dev.h2j.priority.Priority;
import dev.h2j.priority.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * One client connection: a socket, its transport (cleartext or TLS), and, once HTTP/2 is spoken, the
 * sans-I/O {@link H2Connection} and its streams. Its event loop is its only owner: every method runs on
 * that loop's thread, and {@link #execute(Runnable)} brings calls from other threads there.
 *
 * <p>Memory stays bounded however the client behaves: response content is pulled into the connection
 * only while less than {@value #FILL_THRESHOLD} octets wait in the core's outbound buffer, the socket is
 * read only while less than {@value #READ_PAUSE} octets of output wait (so a client that sends but never
 * reads cannot make us queue answers without end), and the read, write and TLS buffers have fixed sizes.
 *
 * <p>What goes out next: steps that need no flow-control window (header fields, trailers, resets) in the
 * order they were queued, then DATA frames in the order a {@link ConnectionScheduler} decides from the
 * client's priority signals, among the streams whose windows are open.
 */
final class Connection {
    /** Content is pulled from responses while the core's outbound buffer holds less than this. */
    static final int FILL_THRESHOLD = 65_536;
    /** The socket is read only while less than this much output waits for it. */
    static final int READ_PAUSE = 131_072;
    /** The largest DATA frame sent, whatever larger frames the client allows. */
    static final int MAX_DATA_FRAME = 16_384;
    private static final int OUT_BUFFER = 32_768;
    /** How many PRIORITY_UPDATE frames for streams not open yet are kept (RFC 9218 §7 lets servers bound it). */
    static final int EARLY_PRIORITIES = 16;
    /** Fill-and-write rounds per turn, so one fast connection does not starve the others on its loop. */
    private static final int MAX_ROUNDS = 16;

    /** Where the connection is, from its first octets to its close. */
    enum Phase {
        /** TLS handshake in progress. */
        HANDSHAKING,
        /** Cleartext: the first octets decide between the HTTP/2 preface and an HTTP/1.1 request. */
        SNIFFING,
        /** Reading an HTTP/1.1 request head. */
        HTTP1_HEAD,
        /** Reading the body of an h2c upgrade request (RFC 7540 §3.2). */
        UPGRADE_BODY,
        /**
         * HTTP/2 (by ALPN or prior knowledge): our preface went out, the client's (the magic, then its first
         * SETTINGS: RFC 9113 §3.4) has not arrived whole yet, so it can have opened no stream. A browser's
         * preconnected socket waits here until the browser needs it.
         */
        H2_PREFACE,
        /** HTTP/2: the client's preface arrived; requests are accepted. */
        H2_OPEN,
        /** HTTP/2: the server is shutting down; GOAWAY 2^31-1 and a PING went out, the final GOAWAY follows. */
        H2_DRAINING,
        /** HTTP/2: a final GOAWAY went either way; the connection closes once its streams are done. */
        H2_GOING_AWAY,
        /** The last output (a GOAWAY, an HTTP/1.1 answer) is being written; then the output is shut. */
        CLOSING,
        /** Output shut; reading and discarding until the client closes, so it reads our last octets. */
        LINGERING,
        /** Closed. */
        CLOSED
    }

    private final EventLoop loop;
    private final ServerContext server;
    private final Transport transport;
    private final boolean secure;
    private final InetSocketAddress remoteAddress;
    private final SelectionKey key;
    private final ByteBuffer in;
    private final ByteBuffer out = ByteBuffer.allocate(OUT_BUFFER);
    private final Map<Integer, ServerStream> streams = new HashMap<>();
    /** Streams whose next step needs no window ({@link ServerStream.Sending#QUEUED}), in the order queued. */
    private final ArrayDeque<ServerStream> queued = new ArrayDeque<>();
    private final List<Runnable> callbacks = new ArrayList<>();
    /** RFC 9218 §7: the latest PRIORITY_UPDATE for streams not open yet, oldest dropped past the bound. */
    private final Map<Integer, String> earlyPriorities = new LinkedHashMap<>();
    private Phase phase;
    private H2Connection core;
    /** Which stream with content sends next; made with the core. */
    private ConnectionScheduler scheduler;
    private Http1.Head upgradeHead;
    private ByteBuffer upgradeBody;
    /** Nesting of this connection's work on the loop; output is pumped when the outermost part ends. */
    private int depth;
    /** Reading stopped for backpressure; TLS records may already wait in the transport. */
    private boolean inputPaused;
    private long lingerDeadline;
    /**
     * When the client last made progress (System.nanoTime), for the idle timeout: the accept, then every
     * complete HTTP/2 frame. Octets that complete nothing (a preface, request head or frame trickled in) do
     * not count, so a slowloris client cannot hold the connection by sending one octet at a time.
     */
    private long lastInput = System.nanoTime();
    /** When our output last moved or was all sent (System.nanoTime), for the stall timeout. */
    private long lastOutput = lastInput;
    /**
     * When the last read returned octets (System.nanoTime): what it brought arrived no later. Requests
     * complete on it ({@link Request#receivedNanos()}).
     */
    private long lastRead = lastInput;

    Connection(EventLoop loop, ServerContext server, SocketChannel channel, Transport transport, boolean secure)
            throws IOException {
        this.loop = loop;
        this.server = server;
        this.transport = transport;
        this.secure = secure;
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.in = ByteBuffer.allocate(Math.max(transport.readBufferSize(), Http1.MAX_HEAD * 2));
        this.key = channel.register(loop.selector(), 0, this);
        this.phase = secure ? Phase.HANDSHAKING : Phase.SNIFFING;
    }

    // ---------------------------------------------------------------- for streams, requests and responses

    InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    boolean secure() {
        return secure;
    }

    String protocol() {
        return secure ? "h2" : "h2c";
    }

    H2Connection core() {
        return core;
    }

    /** When the last read that brought octets returned (System.nanoTime). */
    long lastRead() {
        return lastRead;
    }

    /** When the loop's current turn began (System.nanoTime): precise enough for timeouts, and no clock read. */
    long turnNanos() {
        return loop.turnNanos();
    }

    /**
     * Runs {@code action} on this connection's loop: now if called there, else as a task. Actions still run
     * after the connection closed: on its reset streams they only release what they were handed (a body
     * channel is closed, a late body listener learns of the reset).
     */
    void execute(Runnable action) {
        if (loop.inLoop()) {
            depth++;
            try {
                action.run();
            } finally {
                depth--;
            }
            requestPump();
        } else {
            loop.execute(() -> execute(action));
        }
    }

    /**
     * Keeps a stream where its next step waits ({@link ServerStream#wants()}): in the queue of steps that
     * need no window, ready in the scheduler for content, or nowhere.
     */
    void schedule(ServerStream stream) {
        if (!isH2() || streams.get(stream.id()) != stream) {
            return;
        }
        ServerStream.Sending next = stream.wants();
        ServerStream.Sending now = stream.sending();
        if (next == now) {
            return;
        }
        if (now == ServerStream.Sending.CONTENT) {
            scheduler.idle(stream.id());
        }
        if (next == ServerStream.Sending.CONTENT) {
            scheduler.ready(stream.id());
        } else if (next == ServerStream.Sending.QUEUED) {
            queued.addLast(stream);
        }
        stream.sending(next);
    }

    /** The stream sent END_STREAM or was reset: it takes no more turns. */
    void sendingEnded(ServerStream stream) {
        if (stream.sending() == ServerStream.Sending.CONTENT) {
            stream.sending(ServerStream.Sending.IDLE);
        }
        scheduler.close(stream.id());
    }

    /** RFC 9218 §8: the application's priority for its response replaces the client's. */
    void prioritize(ServerStream stream, Priority priority) {
        if (isH2() && streams.get(stream.id()) == stream && scheduler.isOpen(stream.id())) {
            scheduler.prioritize(stream.id(), priority);
        }
    }

    /** How many content octets one DATA frame of the stream may carry now; 0 when a window is shut. */
    int sendable(int streamId, int wanted) {
        long window = core.localFlowControlWindow(streamId);
        int frame = Math.min(core.maxOutboundFrameSize(), MAX_DATA_FRAME);
        return (int) Math.min(Math.min(wanted, window), frame);
    }

    /** The buffer body channels are read into, cleared, with room for {@code n} octets. */
    ByteBuffer scratch(int n) {
        return loop.scratch().clear().limit(n);
    }

    /** Queues a write callback to run after the current fill, outside the scheduler's loop. */
    void callback(Runnable written) {
        callbacks.add(written);
    }

    /** Credits consumed body octets back to the flow-control windows (RFC 9113 §6.9). */
    void acknowledge(int streamId, int flowControlled) {
        if (flowControlled == 0 || !isH2()) {
            return;
        }
        try {
            core.acknowledgeReceivedData(flowControlled, streamId);
        } catch (H2Exception e) {
            // The connection stopped taking window updates (it is closing): nothing left to credit.
        }
    }

    /** Forgets a stream whose halves are both over, and logs it. */
    void finishIfDone(ServerStream stream) {
        if (!stream.done() || streams.get(stream.id()) != stream) {
            return;
        }
        streams.remove(stream.id());
        acknowledge(stream.id(), stream.releaseUnread());
        Consumer<AccessLogEntry> accessLog = server.accessLog();
        if (accessLog != null) {
            AccessLogEntry entry = stream.logEntry();
            callSafely(null, "access log", () -> accessLog.accept(entry));
        }
    }

    /** Runs application code; if it throws, logs it and resets the stream (when there is one). */
    void callSafely(ServerStream stream, String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log(System.Logger.Level.WARNING, (stream == null ? "" : "stream " + stream.id() + ": ") + what
                    + " threw; " + (stream == null ? "ignored" : "resetting the stream with INTERNAL_ERROR"), e);
            if (stream != null) {
                stream.response().reset(ErrorCode.INTERNAL_ERROR);
            }
        }
    }

    void log(System.Logger.Level level, String message, Throwable cause) {
        server.configuration().logger().log(level, "h2j server, " + remoteAddress + ": " + message, cause);
    }

    // ---------------------------------------------------------------- life cycle, from the loop

    /** Starts reading: the TLS handshake, or the first cleartext octets. */
    void start() {
        if (phase == Phase.HANDSHAKING) {
            handshake();
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** The selector says the socket is ready. */
    void onReady() {
        if (phase == Phase.HANDSHAKING) {
            handshake();
        } else if (phase == Phase.LINGERING) {
            discardInput();
        } else {
            if (key.isReadable()) {
                onReadable();
            }
            if (phase != Phase.CLOSED && key.isValid() && key.isWritable()) {
                pump();
            }
        }
    }

    /**
     * The server is closing: HTTP/2 connections start a graceful shutdown (RFC 9113 §6.8, two-phase
     * GOAWAY); connections that speak no HTTP/2 yet close at once, and so do those whose client has not
     * sent its preface, after a GOAWAY saying that no stream was processed.
     */
    void shutdown() {
        switch (phase) {
            case H2_PREFACE:
                // RFC 9113 §6.8: no stream can be in flight before the client's preface, so there is no
                // round trip to wait for (and a client that is not reading would never answer the PING):
                // the final GOAWAY, naming stream 0, goes out at once; a request the client sends meanwhile
                // is one it knows was not processed, and may retry.
                core.closeConnection(ErrorCode.NO_ERROR);
                phase = Phase.CLOSING;
                requestPump();
                break;
            case H2_OPEN:
                core.closeGracefully();
                phase = Phase.H2_DRAINING;
                requestPump();
                break;
            case HANDSHAKING:
            case SNIFFING:
            case HTTP1_HEAD:
            case UPGRADE_BODY:
                closeNow(ErrorCode.CANCEL);
                break;
            default:
                // Already going away, closing or closed.
                break;
        }
    }

    /**
     * The loop's timer, a few times a second: ends a lingering close that waited long enough, resets
     * responses the client's flow control has held for the stall timeout, closes a connection whose client
     * took none of our pending output for the idle timeout, and one that has no stream and made no progress
     * for that long (a client that never starts HTTP/2, or stopped using it, or trickles a frame that never
     * completes).
     */
    void tick(long now) {
        if (phase == Phase.LINGERING) {
            if (now - lingerDeadline >= 0) {
                closeNow(ErrorCode.CANCEL);
            }
            return;
        }
        if (phase == Phase.CLOSED) {
            return;
        }
        if (isH2()) {
            resetStalled(now);
        }
        if (bufferedOutput() > 0) {
            if (now - lastOutput >= server.idleTimeoutNanos()) {
                // The client took none of our octets for the whole timeout: it is gone or stuck.
                log(System.Logger.Level.DEBUG, "output stalled for " + server.idleTimeoutNanos() / 1_000_000
                        + " ms; closing", null);
                closeNow(ErrorCode.CANCEL);
            }
            return;
        }
        if (phase == Phase.CLOSING || !streams.isEmpty() || now - lastInput < server.idleTimeoutNanos()) {
            return;
        }
        log(System.Logger.Level.DEBUG, "idle for " + server.idleTimeoutNanos() / 1_000_000 + " ms; closing", null);
        if (isH2()) {
            // RFC 9113 §9.1: a server may close an idle connection, with a GOAWAY first.
            try {
                core.closeConnection(ErrorCode.NO_ERROR);
            } catch (H2Exception e) {
                // The connection machine is already closed: nothing more to say.
            }
            phase = Phase.CLOSING;
            requestPump();
        } else {
            closeNow(ErrorCode.CANCEL);
        }
    }

    /**
     * SECURITY.md #22 (zero-window hold, CVE-2016-1546, CVE-2019-9517): a client that keeps a window shut holds the stream
     * and the content waiting for it as long as the connection lives, PINGs keeping it alive. A response
     * whose content has waited the stall timeout while its window (or the connection's) stayed shut at
     * least as long is reset with CANCEL: the client broke no rule, the server just stops waiting (as
     * Tomcat does after its stream write timeout). Responses whose application has nothing to send wait on.
     */
    private void resetStalled(long now) {
        for (int id : core.stalledStreams(server.stallTimeout())) {
            ServerStream stream = streams.get(id);
            if (stream != null && stream.sending() == ServerStream.Sending.CONTENT
                    && now - stream.contentSince() >= server.stallTimeout().toNanos()) {
                log(System.Logger.Level.DEBUG, "stream " + id + ": flow control held the response for "
                        + server.stallTimeout().toMillis() + " ms; resetting it with CANCEL", null);
                stream.response().reset(ErrorCode.CANCEL);
            }
        }
    }

    /** Closes the socket now; streams still open end as reset with {@code code}. */
    void closeNow(ErrorCode code) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        for (ServerStream stream : new ArrayList<>(streams.values())) {
            stream.aborted(code);
        }
        streams.clear();
        transport.close();
        key.cancel();
        loop.closed(this);
    }

    // ---------------------------------------------------------------- input

    private boolean readablePhase() {
        return phase == Phase.SNIFFING || phase == Phase.HTTP1_HEAD || phase == Phase.UPGRADE_BODY || isH2();
    }

    private boolean isH2() {
        return phase == Phase.H2_PREFACE || phase == Phase.H2_OPEN || phase == Phase.H2_DRAINING
                || phase == Phase.H2_GOING_AWAY;
    }

    private long bufferedOutput() {
        return out.position() + transport.pending() + (core == null ? 0 : core.outboundSize());
    }

    private boolean readAllowed() {
        return readablePhase() && bufferedOutput() < READ_PAUSE;
    }

    private void onReadable() {
        depth++;
        try {
            while (true) {
                if (!readAllowed()) {
                    inputPaused = readablePhase();
                    break;
                }
                int n = transport.read(in);
                if (n < 0) {
                    // The client closed (HTTP/2 has no half-close of the connection): nothing more to do.
                    closeNow(ErrorCode.CANCEL);
                    return;
                }
                if (n == 0) {
                    break;
                }
                lastRead = System.nanoTime();
                in.flip();
                consume();
                in.compact();
                if (phase == Phase.CLOSED) {
                    return;
                }
            }
        } catch (IOException e) {
            log(System.Logger.Level.DEBUG, "read failed", e);
            closeNow(ErrorCode.CANCEL);
            return;
        } finally {
            depth--;
        }
        pump();
    }

    private void consume() {
        switch (phase) {
            case SNIFFING:
                Http1.Sniff sniff = Http1.sniff(in);
                if (sniff == Http1.Sniff.H2) {
                    // RFC 9113 §3.3: prior knowledge; octets that are no preface get the core's GOAWAY.
                    startH2();
                    consumeH2();
                } else if (sniff == Http1.Sniff.HTTP1) {
                    phase = Phase.HTTP1_HEAD;
                    consumeHead();
                }
                break;
            case HTTP1_HEAD:
                consumeHead();
                break;
            case UPGRADE_BODY:
                consumeUpgradeBody();
                break;
            case H2_PREFACE:
            case H2_OPEN:
            case H2_DRAINING:
            case H2_GOING_AWAY:
                consumeH2();
                break;
            default:
                in.position(in.limit());
                break;
        }
    }

    private void consumeHead() {
        int length = Http1.headLength(in);
        if (length < 0) {
            if (in.remaining() >= Http1.MAX_HEAD) {
                answerHttp1(Http1.badRequest("the request head exceeds " + Http1.MAX_HEAD + " octets"));
            }
            return;
        }
        Http1.Head head;
        try {
            head = Http1.parse(in, length);
        } catch (IllegalArgumentException e) {
            answerHttp1(Http1.badRequest(e.getMessage()));
            return;
        }
        in.position(in.position() + length);
        Optional<String> refusal = Http1.upgradeRefusal(head);
        if (refusal.isPresent()) {
            answerHttp1(Http1.notUpgraded(refusal.get(), head.method().equals("HEAD")));
            return;
        }
        upgradeHead = head;
        upgradeBody = ByteBuffer.allocate((int) Http1.contentLength(head));
        phase = Phase.UPGRADE_BODY;
        consumeUpgradeBody();
    }

    private void consumeUpgradeBody() {
        int n = Math.min(in.remaining(), upgradeBody.remaining());
        upgradeBody.put(in.slice().limit(n));
        in.position(in.position() + n);
        if (!upgradeBody.hasRemaining()) {
            upgrade();
        }
    }

    /** RFC 7540 §3.2: 101 Switching Protocols, then HTTP/2 with the request as stream 1. */
    private void upgrade() {
        Http1.Head head = upgradeHead;
        ByteBuffer body = upgradeBody.flip();
        upgradeHead = null;
        upgradeBody = null;
        List<HeaderField> fields;
        try {
            fields = Http1.toHttp2(head);
        } catch (IllegalArgumentException e) {
            answerHttp1(Http1.badRequest(e.getMessage()));
            return;
        }
        H2Connection upgraded = new H2Connection(server.configuration());
        try {
            upgraded.initiateUpgradeConnection(head.first("http2-settings").orElseThrow());
        } catch (H2Exception e) {
            answerHttp1(Http1.badRequest(e.getMessage()));
            return;
        }
        out.put(Http1.switchingProtocols());
        core = upgraded;
        scheduler = new ConnectionScheduler(core);
        phase = Phase.H2_OPEN;
        // RFC 7540 §3.2: the upgrade request is stream 1, half-closed (remote); its body came over HTTP/1.1
        // and is not flow controlled. No event opens it in the scheduler: its priority header does here.
        ServerStream stream = new ServerStream(this, 1, fields, true);
        streams.put(1, stream);
        scheduler.open(1, Priority.parse(Headers.all(fields, "priority")));
        if (body.hasRemaining()) {
            stream.dataReceived(body.asReadOnlyBuffer(), 0);
        }
        invoke(stream);
        if (in.hasRemaining()) {
            consumeH2();
        }
    }

    private void answerHttp1(ByteBuffer answer) {
        out.put(answer);
        in.position(in.limit());
        phase = Phase.CLOSING;
    }

    private void startH2() {
        core = new H2Connection(server.configuration());
        scheduler = new ConnectionScheduler(core);
        core.initiateConnection();
        phase = Phase.H2_PREFACE;
    }

    private void consumeH2() {
        List<Event> events;
        try {
            events = core.receiveData(in);
            if (!events.isEmpty() || core.bufferedInboundSize() == 0) {
                // Whole frames arrived: progress, for the idle timeout (they came with the last read).
                lastInput = lastRead;
            }
        } catch (H2Exception e) {
            if (e.scope() != ErrorScope.CONNECTION) {
                throw e;
            }
            onEvents(e.events());
            // RFC 9113 §5.4.1: the core queued GOAWAY; write it, then close.
            log(System.Logger.Level.DEBUG, "connection error " + e.errorCode() + ": " + e.getMessage(), null);
            phase = Phase.CLOSING;
            for (ServerStream stream : new ArrayList<>(streams.values())) {
                stream.aborted(e.errorCode());
            }
            return;
        }
        onEvents(events);
    }

    private void onEvents(List<Event> events) {
        for (Event event : events) {
            if (phase == Phase.CLOSED) {
                return;
            }
            // Requests open streams in the scheduler, resets close them, priority signals reorder them.
            scheduler.onEvent(event);
            if (event instanceof RemoteSettingsChanged && phase == Phase.H2_PREFACE) {
                // RFC 9113 §3.4: the client's first SETTINGS frame completes its preface.
                phase = Phase.H2_OPEN;
            } else if (event instanceof RequestReceived) {
                onRequest((RequestReceived) event);
            } else if (event instanceof DataReceived) {
                DataReceived data = (DataReceived) event;
                ServerStream stream = streams.get(data.streamId());
                if (stream != null) {
                    stream.dataReceived(data.data(), data.flowControlledLength());
                } else {
                    acknowledge(data.streamId(), data.flowControlledLength());
                }
            } else if (event instanceof TrailersReceived) {
                TrailersReceived trailers = (TrailersReceived) event;
                withStream(trailers.streamId(), s -> s.trailersReceived(trailers.headers()));
            } else if (event instanceof StreamEnded) {
                withStream(((StreamEnded) event).streamId(), ServerStream::endReceived);
            } else if (event instanceof StreamReset) {
                StreamReset reset = (StreamReset) event;
                withStream(reset.streamId(), s -> s.aborted(reset.errorCode()));
            } else if (event instanceof PriorityUpdated) {
                PriorityUpdated priority = (PriorityUpdated) event;
                withStream(priority.streamId(), s -> s.request().rfc7540Priority(priority));
            } else if (event instanceof PriorityUpdateReceived) {
                onPriorityUpdate((PriorityUpdateReceived) event);
            } else if (event instanceof PingAckReceived) {
                if (phase == Phase.H2_DRAINING) {
                    // RFC 9113 §6.8: the ACK of our drain PING; the core sent the final GOAWAY with it. The
                    // server sends no other PING, so any ACK while draining is this one.
                    phase = Phase.H2_GOING_AWAY;
                }
            } else if (event instanceof ConnectionTerminated) {
                onGoAway((ConnectionTerminated) event);
            }
        }
    }

    private void withStream(int streamId, java.util.function.Consumer<ServerStream> action) {
        ServerStream stream = streams.get(streamId);
        if (stream != null) {
            action.accept(stream);
        }
    }

    private void onRequest(RequestReceived request) {
        ServerStream stream = new ServerStream(this, request.streamId(), request.headers(), false);
        streams.put(request.streamId(), stream);
        if (request.priorityUpdated().isPresent()) {
            stream.request().rfc7540Priority(request.priorityUpdated().get());
        }
        // Looked up only when some are kept: a lookup boxes the stream id, on every request.
        String early = earlyPriorities.isEmpty() ? null : earlyPriorities.remove(request.streamId());
        if (early != null) {
            // RFC 9218 §7: the most recent PRIORITY_UPDATE overrides the priority header field.
            stream.request().priority(early);
        }
        invoke(stream);
    }

    /** RFC 9218 §7.1: a PRIORITY_UPDATE may name a stream that is not open yet; then it is kept for it. */
    private void onPriorityUpdate(PriorityUpdateReceived update) {
        ServerStream stream = streams.get(update.prioritizedStreamId());
        if (stream != null) {
            stream.request().priority(update.priorityFieldValue());
            return;
        }
        earlyPriorities.remove(update.prioritizedStreamId());
        earlyPriorities.put(update.prioritizedStreamId(), update.priorityFieldValue());
        if (earlyPriorities.size() > EARLY_PRIORITIES) {
            earlyPriorities.remove(earlyPriorities.keySet().iterator().next());
        }
    }

    private void invoke(ServerStream stream) {
        callSafely(stream, "handler", () -> server.handler().handle(stream.request(), stream.response()));
    }

    /** RFC 9113 §6.8: the client's GOAWAY. With an error the connection is over; else streams finish. */
    private void onGoAway(ConnectionTerminated goAway) {
        if (!goAway.errorCode().equals(ErrorCode.NO_ERROR)) {
            for (ServerStream stream : new ArrayList<>(streams.values())) {
                stream.aborted(goAway.errorCode());
            }
            phase = Phase.CLOSING;
        } else if (phase == Phase.H2_OPEN || phase == Phase.H2_DRAINING) {
            phase = Phase.H2_GOING_AWAY;
        }
    }

    // ---------------------------------------------------------------- output

    private void requestPump() {
        if (depth == 0) {
            pump();
        }
    }

    /**
     * Sends what can be sent: pulls response frames from the streams while the core's outbound buffer is
     * below {@link #FILL_THRESHOLD}, and writes until the socket takes no more.
     */
    private void pump() {
        if (phase == Phase.CLOSED || phase == Phase.HANDSHAKING || phase == Phase.LINGERING) {
            return;
        }
        depth++;
        // Whether the last fill stopped at the threshold, so that more may be ready to go.
        boolean more = false;
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                more = isH2() && fill();
                server.recordOutput(bufferedOutput());
                if (core != null) {
                    core.dataToSend(out);
                }
                long before = bufferedOutput();
                out.flip();
                transport.write(out);
                out.compact();
                if (bufferedOutput() < before || bufferedOutput() == 0) {
                    lastOutput = loop.turnNanos();
                }
                if (out.position() > 0 || transport.pending() > 0) {
                    break;
                }
                if (phase == Phase.H2_GOING_AWAY && streams.isEmpty()) {
                    // RFC 9113 §6.8: close with a GOAWAY naming the last stream processed.
                    try {
                        core.closeConnection(ErrorCode.NO_ERROR);
                    } catch (H2Exception e) {
                        // The connection machine is already closed: nothing more to say.
                    }
                    phase = Phase.CLOSING;
                    continue;
                }
                if (!(core != null && core.outboundSize() > 0 || more)) {
                    break;
                }
            }
            if (phase == Phase.CLOSING && bufferedOutput() == 0) {
                linger();
                return;
            }
            updateInterest(more);
        } catch (IOException e) {
            log(System.Logger.Level.DEBUG, "write failed", e);
            closeNow(ErrorCode.CANCEL);
        } finally {
            depth--;
        }
        if (inputPaused && readAllowed()) {
            inputPaused = false;
            loop.execute(this::onReadable);
        }
    }

    /**
     * Pulls frames from the streams into the core, and runs the write callbacks of content that went in
     * (they may queue more, which is pulled in turn).
     *
     * @return whether it stopped at {@link #FILL_THRESHOLD}, so that more may be ready to go
     */
    private boolean fill() {
        while (true) {
            boolean full = fillFrames();
            if (callbacks.isEmpty()) {
                return full;
            }
            List<Runnable> batch = new ArrayList<>(callbacks);
            callbacks.clear();
            for (Runnable callback : batch) {
                callSafely(null, "write callback", callback);
            }
        }
    }

    /**
     * Pulls frames while the core's outbound buffer is below {@link #FILL_THRESHOLD}: first the steps that
     * need no window, as queued; then one DATA frame at a time from the stream the scheduler picks.
     *
     * @return whether it stopped at the threshold; false when nothing more can be sent now
     */
    private boolean fillFrames() {
        while (core.outboundSize() < FILL_THRESHOLD) {
            ServerStream stream = queued.pollFirst();
            if (stream != null) {
                stream.sending(ServerStream.Sending.IDLE);
                stream.sendQueued();
            } else {
                int id = scheduler.next();
                if (id == Scheduler.NONE) {
                    return false;
                }
                stream = streams.get(id);
                stream.sendStep();
            }
            schedule(stream);
        }
        return true;
    }

    private void updateInterest(boolean more) {
        int ops = 0;
        if (readAllowed()) {
            ops |= SelectionKey.OP_READ;
        }
        if (bufferedOutput() > 0 || more) {
            ops |= SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    /** Shuts our output (after TLS close_notify) and waits a little for the client to close. */
    private void linger() {
        transport.shutdownOutput();
        phase = Phase.LINGERING;
        lingerDeadline = System.nanoTime() + EventLoop.LINGER_NANOS;
        key.interestOps(SelectionKey.OP_READ);
    }

    private void discardInput() {
        try {
            while (true) {
                in.clear();
                int n = transport.read(in);
                if (n < 0) {
                    closeNow(ErrorCode.CANCEL);
                    return;
                }
                if (n == 0) {
                    in.clear();
                    return;
                }
            }
        } catch (IOException e) {
            closeNow(ErrorCode.CANCEL);
        }
    }

    // ---------------------------------------------------------------- TLS

    private void handshake() {
        Transport.Progress progress;
        try {
            progress = transport.handshake();
        } catch (IOException e) {
            log(System.Logger.Level.DEBUG, "TLS handshake failed", e);
            closeNow(ErrorCode.CANCEL);
            return;
        }
        if (progress == Transport.Progress.NEEDS_READ) {
            key.interestOps(SelectionKey.OP_READ);
            return;
        }
        if (progress == Transport.Progress.NEEDS_WRITE) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        SSLEngine engine = ((TlsTransport) transport).engine();
        if (!Tls.ALPN_H2.equals(engine.getApplicationProtocol())) {
            // RFC 9113 §3.2: HTTP/2 over TLS is chosen with ALPN "h2"; a client that did not choose it gets none.
            log(System.Logger.Level.DEBUG, "the client did not choose ALPN h2", null);
            closeNow(ErrorCode.CANCEL);
            return;
        }
        startH2();
        String inadequate = Tls.inadequateSecurity(engine.getSession());
        if (inadequate != null) {
            // RFC 9113 §9.2: a connection error of type INADEQUATE_SECURITY.
            core.closeConnection(ErrorCode.INADEQUATE_SECURITY, 0,
                    ByteBuffer.wrap(inadequate.getBytes(StandardCharsets.UTF_8)));
            phase = Phase.CLOSING;
            pump();
            return;
        }
        // The client's preface may have come with its last handshake flight.
        onReadable();
    }
}

package dev.h2j.io.server;

import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its response as the connection's event loop sees them: the request body on its way to
 * the application, and the response's queued steps on their way to the {@link H2Connection}. Only the
 * owning loop touches it; {@link Request} and {@link Response} hand calls from other threads to the loop.
 */
final class ServerStream {

    /** The request body, as the loop delivers it. */
    enum Inbound {
        /** DATA may still arrive. */
        RECEIVING,
        /** END_STREAM arrived, and no listener was told yet (none is set). */
        RECEIVED,
        /** The listener was told that the body ended. */
        DELIVERED,
        /** The stream was reset before the body ended. */
        RESET
    }

    /** The response, as the loop sends it. */
    enum Outbound {
        /** Steps may still be sent. */
        OPEN,
        /** END_STREAM was sent. */
        ENDED,
        /** RST_STREAM went either way, or the connection closed. */
        RESET
    }

    /** What the stream's next step waits for, and so where the {@link Connection} keeps the stream. */
    enum Sending {
        /** Nothing to send. */
        IDLE,
        /**
         * The next step needs no flow-control window (header fields, the end, a reset): in the connection's
         * queue of such steps, which go out before any content.
         */
        QUEUED,
        /**
         * The next step is content: ready in the connection's scheduler, which picks it, by priority, when
         * its flow-control window is open.
         */
        CONTENT
    }

    private static final Runnable NOTHING_TO_RELEASE = () -> { };

    private final Connection connection;
    private final int id;
    /** When the read that completed the request's header fields returned (System.nanoTime). */
    private final long receivedNanos;
    private final Request request;
    private final Response response;
    // Sized for the usual response (header fields, then content) and a body that finds its listener at
    // once: the default deques of 16 slots were the largest allocation per request in bench/servers.
    private final ArrayDeque<Op> ops = new ArrayDeque<>(2);
    private final ArrayDeque<Chunk> unread = new ArrayDeque<>(1);
    private BodyListener listener;
    private List<HeaderField> trailers = List.of();
    private Inbound inbound;
    private Outbound outbound = Outbound.OPEN;
    private Sending sending = Sending.IDLE;
    /** When content last started waiting or last went out (System.nanoTime), for the stall timeout. */
    private long contentSince;
    private ErrorCode resetCode;
    private int status;
    private long bytesSent;

    /** Body octets that arrived before a listener was set, and what they count against flow control. */
    private record Chunk(ByteBuffer data, int flowControlled) {
    }

    ServerStream(Connection connection, int id, List<HeaderField> headers, boolean bodyEnded) {
        this.connection = connection;
        this.id = id;
        this.receivedNanos = connection.lastRead();
        this.inbound = bodyEnded ? Inbound.RECEIVED : Inbound.RECEIVING;
        this.request = new Request(this, headers, connection.remoteAddress(), connection.secure());
        this.response = new Response(this);
    }

    int id() {
        return id;
    }

    Connection connection() {
        return connection;
    }

    /** When the read that completed the request's header fields returned (System.nanoTime). */
    long receivedNanos() {
        return receivedNanos;
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }

    Sending sending() {
        return sending;
    }

    /** Notes where the connection keeps the stream now; entering {@link Sending#CONTENT} starts the wait. */
    void sending(Sending value) {
        if (value == Sending.CONTENT && sending != Sending.CONTENT) {
            contentSince = connection.turnNanos();
        }
        sending = value;
    }

    /** Since when content has waited to go out without a frame of it sent (System.nanoTime). */
    long contentSince() {
        return contentSince;
    }

    /** What the next step waits for: see {@link Sending}. */
    Sending wants() {
        Op step = ops.peekFirst();
        if (step == null || outbound != Outbound.OPEN && !(step instanceof Op.Reset)) {
            return Sending.IDLE;
        }
        if (step instanceof Op.Transfer || step instanceof Op.Data && ((Op.Data) step).data().hasRemaining()) {
            return Sending.CONTENT;
        }
        return Sending.QUEUED;
    }

    /** Whether both halves are over: the stream can be forgotten. */
    boolean done() {
        return outbound != Outbound.OPEN && inbound != Inbound.RECEIVING;
    }

    /** What the access log reports once the stream is done. */
    AccessLogEntry logEntry() {
        return new AccessLogEntry(connection.remoteAddress(), connection.protocol(), id, request.method(),
                request.path(), status, bytesSent, System.nanoTime() - receivedNanos, Optional.ofNullable(resetCode));
    }

    // ---------------------------------------------------------------- response steps

    /** Hands response steps to the loop; called by {@link Response} from any thread. */
    void post(Op... steps) {
        connection.execute(() -> enqueue(steps));
    }

    private void enqueue(Op[] steps) {
        for (Op step : steps) {
            if (outbound == Outbound.RESET || inbound == Inbound.RESET) {
                drop(step);
                continue;
            }
            if (step instanceof Op.Reset) {
                // A reset does not wait behind content for a window: what is queued is dropped.
                while (!ops.isEmpty()) {
                    drop(ops.removeFirst());
                }
            }
            ops.addLast(step);
        }
        if (!ops.isEmpty()) {
            connection.schedule(this);
        }
    }

    private static void drop(Op step) {
        if (step instanceof Op.Transfer) {
            Response.closeQuietly(((Op.Transfer) step).channel());
        }
    }

    /** Sends the steps at the head of the queue that need no flow-control window. */
    void sendQueued() {
        while (wants() == Sending.QUEUED) {
            sendStep();
        }
    }

    /**
     * Sends the next step: one frame, for content one DATA frame. Content is sent only when the
     * connection's scheduler picked the stream, so its windows are open.
     */
    void sendStep() {
        Op step = ops.peekFirst();
        H2Connection core = connection.core();
        try {
            if (step instanceof Op.Headers) {
                Op.Headers headers = (Op.Headers) step;
                core.sendHeaders(id, headers.fields(), headers.endStream());
                ops.removeFirst();
                int code = Response.status(headers.fields());
                if (code >= 200) {
                    status = code;
                }
                if (headers.endStream()) {
                    ended();
                }
            } else if (step instanceof Op.Data) {
                sendData((Op.Data) step, core);
            } else if (step instanceof Op.Transfer) {
                transfer((Op.Transfer) step, core);
            } else if (step instanceof Op.End) {
                List<HeaderField> fields = ((Op.End) step).trailers();
                if (fields.isEmpty()) {
                    core.endStream(id);
                } else {
                    core.sendHeaders(id, fields, true);
                }
                ops.removeFirst();
                ended();
            } else {
                ops.removeFirst();
                resetBy(((Op.Reset) step).errorCode());
            }
        } catch (H2Exception | IllegalStateException | IOException e) {
            connection.log(System.Logger.Level.WARNING, "stream " + id + ": the response could not be sent; resetting"
                    + " the stream with INTERNAL_ERROR", e);
            resetBy(ErrorCode.INTERNAL_ERROR);
        }
    }

    /** One DATA frame from memory, or the end of an empty step. */
    private void sendData(Op.Data step, H2Connection core) {
        ByteBuffer data = step.data();
        if (data.hasRemaining()) {
            int n = connection.sendable(id, data.remaining());
            boolean last = n == data.remaining();
            core.sendData(id, data.slice().limit(n), last && step.endStream());
            data.position(data.position() + n);
            bytesSent += n;
            contentSince = connection.turnNanos();
        } else if (step.endStream()) {
            core.endStream(id);
        }
        if (!data.hasRemaining()) {
            ops.removeFirst();
            if (step.written() != null) {
                connection.callback(step.written());
            }
            if (step.endStream()) {
                ended();
            }
        }
    }

    /** One DATA frame pulled from a channel, or its end. */
    private void transfer(Op.Transfer step, H2Connection core) throws IOException {
        int n = connection.sendable(id, Integer.MAX_VALUE);
        ByteBuffer buffer = connection.scratch(n);
        int read = step.channel().read(buffer);
        if (read < 0) {
            Response.closeQuietly(step.channel());
            ops.removeFirst();
            if (step.endStream()) {
                core.endStream(id);
                ended();
            }
            return;
        }
        if (read == 0) {
            throw new IOException("the body channel read 0 octets into " + n + " free; it must be a blocking channel");
        }
        core.sendData(id, buffer.flip(), false);
        bytesSent += read;
        contentSince = connection.turnNanos();
    }

    /** END_STREAM went out. */
    private void ended() {
        outbound = Outbound.ENDED;
        connection.sendingEnded(this);
        if (inbound == Inbound.RECEIVING && listener == null) {
            // RFC 9113 §8.1: a complete response may be followed by RST_STREAM NO_ERROR, so that the client
            // stops sending a body nobody reads.
            try {
                connection.core().resetStream(id, ErrorCode.NO_ERROR);
            } catch (H2Exception e) {
                // The client ended the body in the meantime: nothing to stop.
            }
            inbound = Inbound.RESET;
            resetCode = ErrorCode.NO_ERROR;
        }
        connection.finishIfDone(this);
    }

    /** We reset the stream: RST_STREAM is sent (if the connection still knows the stream), then cleanup. */
    private void resetBy(ErrorCode code) {
        try {
            connection.core().resetStream(id, code);
        } catch (H2Exception e) {
            // The stream already closed in the connection (both halves ended): nothing to send.
        }
        aborted(code);
    }

    /** The stream ended with a reset, from either side or with the connection: tell both halves, clean up. */
    void aborted(ErrorCode code) {
        if (outbound == Outbound.RESET && inbound == Inbound.RESET) {
            return;
        }
        resetCode = code;
        Inbound before = inbound;
        inbound = Inbound.RESET;
        outbound = Outbound.RESET;
        connection.sendingEnded(this);
        while (!ops.isEmpty()) {
            drop(ops.removeFirst());
        }
        if (listener != null && (before == Inbound.RECEIVING || before == Inbound.RECEIVED)) {
            BodyListener l = listener;
            connection.callSafely(this, "body listener onReset", () -> l.onReset(code));
        }
        connection.callSafely(this, "response onReset", () -> response.resetHappened(code));
        connection.finishIfDone(this);
    }

    /** Runs a reset listener set after the reset happened. */
    void notifyIfReset() {
        if (outbound == Outbound.RESET && resetCode != null) {
            connection.callSafely(this, "response onReset", () -> response.resetHappened(resetCode));
        }
    }

    // ---------------------------------------------------------------- request body

    void listen(BodyListener l) {
        listener = l;
        while (!unread.isEmpty()) {
            Chunk chunk = unread.removeFirst();
            deliver(chunk.data(), chunk.flowControlled());
        }
        if (inbound == Inbound.RECEIVED) {
            deliverEnd();
        } else if (inbound == Inbound.RESET && resetCode != null) {
            connection.callSafely(this, "body listener onReset", () -> l.onReset(resetCode));
        }
    }

    void dataReceived(ByteBuffer data, int flowControlled) {
        if (listener == null) {
            unread.addLast(new Chunk(data, flowControlled));
        } else {
            deliver(data, flowControlled);
        }
    }

    void trailersReceived(List<HeaderField> fields) {
        trailers = fields;
    }

    void endReceived() {
        if (inbound != Inbound.RECEIVING) {
            return;
        }
        inbound = Inbound.RECEIVED;
        if (listener != null) {
            deliverEnd();
        }
        connection.finishIfDone(this);
    }

    /**
     * Credits the octets no listener read yet back to the flow-control windows: the stream is over and the
     * client must not stall on them. They stay for a listener set later, no longer counted.
     */
    int releaseUnread() {
        int total = 0;
        for (int i = unread.size(); i > 0; i--) {
            Chunk chunk = unread.removeFirst();
            total += chunk.flowControlled();
            unread.addLast(new Chunk(chunk.data(), 0));
        }
        return total;
    }

    private void deliver(ByteBuffer data, int flowControlled) {
        Runnable release = flowControlled == 0 ? NOTHING_TO_RELEASE : new Release(flowControlled);
        BodyListener l = listener;
        connection.callSafely(this, "body listener onData", () -> l.onData(data, release));
    }

    private void deliverEnd() {
        inbound = Inbound.DELIVERED;
        BodyListener l = listener;
        List<HeaderField> fields = trailers;
        connection.callSafely(this, "body listener onEnd", () -> l.onEnd(fields));
    }

    /** Credits consumed body octets back to the windows, once, from any thread. */
    private final class Release implements Runnable {
        private final int flowControlled;
        private final AtomicBoolean released = new AtomicBoolean();

        Release(int flowControlled) {
            this.flowControlled = flowControlled;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                connection.execute(() -> connection.acknowledge(id, flowControlled));
            }
        }
    }
}

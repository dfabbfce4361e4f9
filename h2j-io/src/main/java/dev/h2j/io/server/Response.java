package dev.h2j.io.server;

import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.priority.Priority;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The answer to one {@link Request}: header fields, then content, then optionally trailers, sent as
 * the stream's flow-control window and the socket allow.
 *
 * <p>Three ways to send content:
 * <ul>
 *   <li>all at once from memory: {@link #send(List, ByteBuffer)};</li>
 *   <li>pulled from a channel, such as a file: {@link #send(List, ReadableByteChannel)} or
 *       {@link #transfer(ReadableByteChannel)}. The server reads the channel only when the stream may
 *       send (its window is open and the connection's output is below a small bound), one frame at a
 *       time, so a slow client costs no memory however large the content;</li>
 *   <li>streamed: {@link #sendHeaders(List)}, then {@link #write(ByteBuffer, Runnable)} as content is
 *       produced (wait for each write's callback before the next, to keep memory bounded), then
 *       {@link #end()} or {@link #end(List)} with trailers.</li>
 * </ul>
 *
 * <p>Header lists are built with {@link dev.h2j.Headers#response(int)}; the first field is
 * {@code :status}. An interim (1xx) response may precede the final one.
 *
 * <p>The response moves through phases: awaiting headers, then streaming (after
 * {@link #sendHeaders(List)} with a final status), then ended. A call the phase does not allow throws
 * {@link IllegalStateException} and sends nothing. After the stream was reset (by either side, or with
 * its connection), calls are ignored and write callbacks do not run.
 *
 * <p>Thread safety: every method may be called from any thread. Called elsewhere than on the
 * connection's event loop, the call is handed to the loop and runs there soon after, in order. The
 * HTTP/2 rules (RFC 9113 §8) are checked when the fields are sent: a field block the connection refuses
 * resets the stream with INTERNAL_ERROR, logged at WARNING.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
 */
public final class Response {

    /** Which calls a response still allows. */
    private enum Phase {
        /** Nothing final sent: interim responses, a final response, or a reset. */
        AWAITING_HEADERS,
        /** The final header fields were sent: content, the end, or a reset. */
        STREAMING,
        /** The end of the response was sent: only a reset (which stops the request body). */
        ENDED,
        /** The stream was reset: every call is ignored. */
        RESET
    }

    private final ServerStream stream;
    private Phase phase = Phase.AWAITING_HEADERS;
    private Consumer<ErrorCode> resetListener;

    Response(ServerStream stream) {
        this.stream = stream;
    }

    /**
     * Returns the stream of the response.
     *
     * @return the stream identifier
     */
    public int streamId() {
        return stream.id();
    }

    /**
     * Sends header fields and leaves the stream open for content: the final response (status 200 to 599),
     * or an interim one (1xx, such as 103 Early Hints), after which the final one still follows.
     *
     * @param headers {@code :status} first, then the response fields
     * @throws IllegalStateException if a final response was already started
     * @throws IllegalArgumentException if the first field is not {@code :status} with a three-digit code
     * @throws NullPointerException if {@code headers} or a field is null
     */
    public void sendHeaders(List<HeaderField> headers) {
        List<HeaderField> fields = List.copyOf(headers);
        boolean interim = status(fields) < 200;
        if (advance(Phase.AWAITING_HEADERS, interim ? Phase.AWAITING_HEADERS : Phase.STREAMING, "sendHeaders")) {
            stream.post(new Op.Headers(fields, false));
        }
    }

    /**
     * Sends a complete response without content, such as 204, 304 or the answer to HEAD: the header
     * block ends the stream.
     *
     * @param headers {@code :status} (200 to 599) first, then the response fields
     * @throws IllegalStateException if a final response was already started
     * @throws IllegalArgumentException if the first field is not {@code :status} with a final code
     * @throws NullPointerException if {@code headers} or a field is null
     */
    public void send(List<HeaderField> headers) {
        List<HeaderField> fields = finalHeaders(headers);
        if (advance(Phase.AWAITING_HEADERS, Phase.ENDED, "send")) {
            stream.post(new Op.Headers(fields, true));
        }
    }

    /**
     * Sends a complete response with content from memory.
     *
     * @param headers {@code :status} (200 to 599) first, then the response fields
     * @param body the content, between position and limit; the server reads it later, so leave it alone
     * @throws IllegalStateException if a final response was already started
     * @throws IllegalArgumentException if the first field is not {@code :status} with a final code
     * @throws NullPointerException if an argument or a field is null
     */
    public void send(List<HeaderField> headers, ByteBuffer body) {
        List<HeaderField> fields = finalHeaders(headers);
        ByteBuffer content = body.duplicate();
        if (advance(Phase.AWAITING_HEADERS, Phase.ENDED, "send")) {
            if (content.hasRemaining()) {
                stream.post(new Op.Headers(fields, false), new Op.Data(content, null, true));
            } else {
                stream.post(new Op.Headers(fields, true));
            }
        }
    }

    /**
     * Sends a complete response whose content is read from a channel until its end, such as a
     * {@link java.nio.channels.FileChannel}; the server closes the channel when done or when the stream
     * is reset. The channel is read on the event loop, one frame at a time, only when the stream may send.
     *
     * @param headers {@code :status} (200 to 599) first, then the response fields
     * @param body a blocking channel whose reads are quick (a file, a buffer in memory)
     * @throws IllegalStateException if a final response was already started
     * @throws IllegalArgumentException if the first field is not {@code :status} with a final code, or the
     *     channel is a non-blocking selectable channel
     * @throws NullPointerException if an argument or a field is null
     */
    public void send(List<HeaderField> headers, ReadableByteChannel body) {
        List<HeaderField> fields = finalHeaders(headers);
        checkBlocking(body);
        if (advance(Phase.AWAITING_HEADERS, Phase.ENDED, "send")) {
            stream.post(new Op.Headers(fields, false), new Op.Transfer(body, true));
        } else {
            closeQuietly(body);
        }
    }

    /**
     * Queues content after {@link #sendHeaders(List)}. The buffer is not copied: the server sends its
     * octets between position and limit as the window and the socket allow, then runs {@code written}
     * on the event loop. Wait for it before writing more, so that memory stays bounded.
     *
     * @param data the content; leave it alone until {@code written} runs
     * @param written run once every octet went to the connection, or null
     * @throws IllegalStateException if the final headers were not sent yet, or the response ended
     * @throws NullPointerException if {@code data} is null
     */
    public void write(ByteBuffer data, Runnable written) {
        ByteBuffer content = data.duplicate();
        if (advance(Phase.STREAMING, Phase.STREAMING, "write")) {
            stream.post(new Op.Data(content, written, false));
        }
    }

    /**
     * Queues content read from a channel after {@link #sendHeaders(List)}, until the channel's end; more
     * writes, a transfer or the end may follow. The server closes the channel when done or on reset.
     *
     * @param body a blocking channel whose reads are quick
     * @throws IllegalStateException if the final headers were not sent yet, or the response ended
     * @throws IllegalArgumentException if the channel is a non-blocking selectable channel
     * @throws NullPointerException if {@code body} is null
     */
    public void transfer(ReadableByteChannel body) {
        checkBlocking(body);
        if (advance(Phase.STREAMING, Phase.STREAMING, "transfer")) {
            stream.post(new Op.Transfer(body, false));
        } else {
            closeQuietly(body);
        }
    }

    /**
     * Ends the response after the content queued so far (an empty DATA frame with END_STREAM).
     *
     * @throws IllegalStateException if the final headers were not sent yet, or the response ended
     */
    public void end() {
        if (advance(Phase.STREAMING, Phase.ENDED, "end")) {
            stream.post(new Op.End(List.of()));
        }
    }

    /**
     * Ends the response with trailer fields after the content queued so far (RFC 9113 §8.1).
     *
     * @param trailers the fields, without pseudo-header fields
     * @throws IllegalStateException if the final headers were not sent yet, or the response ended
     * @throws NullPointerException if {@code trailers} or a field is null
     */
    public void end(List<HeaderField> trailers) {
        List<HeaderField> fields = List.copyOf(trailers);
        if (advance(Phase.STREAMING, Phase.ENDED, "end")) {
            stream.post(new Op.End(fields));
        }
    }

    /**
     * Resets the stream with RST_STREAM (RFC 9113 §6.4): content not yet sent is dropped. After a complete
     * response, {@link ErrorCode#NO_ERROR} asks the client to stop sending the request body (§8.1).
     * Does nothing if the stream was already reset.
     *
     * @param errorCode why, usually {@link ErrorCode#CANCEL} or {@link ErrorCode#INTERNAL_ERROR}
     * @throws NullPointerException if {@code errorCode} is null
     */
    public void reset(ErrorCode errorCode) {
        Objects.requireNonNull(errorCode, "errorCode");
        synchronized (this) {
            if (phase == Phase.RESET) {
                return;
            }
            phase = Phase.RESET;
        }
        stream.post(new Op.Reset(errorCode));
    }

    /**
     * Reprioritizes the response: the server sends its content with this urgency and incremental
     * parameter from now on, in place of what the client asked. RFC 9218 §8 leaves merging the two to the
     * server, which may know better (a font the page cannot render without, an image that matters less
     * than the client guessed). It counts as the latest signal for the stream, so a PRIORITY_UPDATE the
     * client sends later replaces it in turn (RFC 9218 §7.1). To tell the client as well, add a
     * {@code priority} field to the response's header fields.
     *
     * <p>It orders content on connections that use RFC 9218 priorities (see {@link H2Server}); under the
     * RFC 7540 tree, which has no urgency, it changes nothing. After the response ended or was reset it
     * does nothing.
     *
     * @param priority the urgency (0 first, 7 last) and whether the response is incremental
     * @throws NullPointerException if {@code priority} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-8">RFC 9218 §8</a>
     */
    public void priority(Priority priority) {
        Objects.requireNonNull(priority, "priority");
        stream.connection().execute(() -> stream.connection().prioritize(stream, priority));
    }

    /**
     * Sets what runs, on the event loop, when the stream is reset before it completed: by the client, by
     * {@link #reset(ErrorCode)}, after a protocol error, or because the connection closed. A producer of
     * streamed content uses it to stop. It runs at once if the stream was already reset.
     *
     * @param listener receives the error code
     * @throws NullPointerException if {@code listener} is null
     */
    public void onReset(Consumer<ErrorCode> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            resetListener = listener;
        }
        stream.connection().execute(stream::notifyIfReset);
    }

    /** Called on the loop when the stream was reset: later calls are ignored. */
    void resetHappened(ErrorCode errorCode) {
        Consumer<ErrorCode> listener;
        synchronized (this) {
            phase = Phase.RESET;
            listener = resetListener;
            resetListener = null;
        }
        if (listener != null) {
            listener.accept(errorCode);
        }
    }

    /** Moves from {@code from} to {@code to}; false (and no move) after a reset; throws otherwise. */
    private synchronized boolean advance(Phase from, Phase to, String call) {
        if (phase == Phase.RESET) {
            return false;
        }
        if (phase != from) {
            throw new IllegalStateException(call + " on stream " + stream.id() + ": the response is "
                    + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        phase = to;
        return true;
    }

    private static List<HeaderField> finalHeaders(List<HeaderField> headers) {
        List<HeaderField> fields = List.copyOf(headers);
        if (status(fields) < 200) {
            throw new IllegalArgumentException("RFC 9113 §8.1: a final response needs a status of 200 or more, not "
                    + fields.get(0).value());
        }
        return fields;
    }

    /** RFC 9113 §8.3.2: a response starts with {@code :status}, a three-digit code. */
    static int status(List<HeaderField> fields) {
        if (fields.isEmpty() || !fields.get(0).name().equals(":status")) {
            throw new IllegalArgumentException("RFC 9113 §8.3.2: a response's first field is :status");
        }
        String value = fields.get(0).value();
        // A loop instead of a stream of chars: this runs twice per response (bench/servers).
        int code = value.length() == 3 ? 0 : -1;
        for (int i = 0; i < value.length() && code >= 0; i++) {
            char c = value.charAt(i);
            code = c >= '0' && c <= '9' ? code * 10 + c - '0' : -1;
        }
        if (code < 100) {
            throw new IllegalArgumentException("RFC 9113 §8.3.2: :status " + value + " is not a three-digit code");
        }
        return code;
    }

    private static void checkBlocking(ReadableByteChannel body) {
        Objects.requireNonNull(body, "body");
        if (body instanceof SelectableChannel && !((SelectableChannel) body).isBlocking()) {
            throw new IllegalArgumentException("the body channel is non-blocking; the server reads it on its event"
                    + " loop, so it must be blocking and quick (or use write for produced content)");
        }
    }

    static void closeQuietly(ReadableByteChannel channel) {
        try {
            channel.close();
        } catch (java.io.IOException e) {
            // The channel is dropped either way.
        }
    }
}

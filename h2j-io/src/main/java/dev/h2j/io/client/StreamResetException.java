package dev.h2j.io.client;

import dev.h2j.frame.ErrorCode;
import java.util.Objects;

/**
 * A request's stream ended with RST_STREAM before its response was complete (RFC 9113 §6.4): reset by
 * the server, or by h2j because the server broke a stream-level rule or the request was cancelled.
 * Other requests on the connection go on.
 *
 * <p>{@link ErrorCode#REFUSED_STREAM} means the server did not process the request (RFC 9113 §8.7), so
 * it is safe to send again; streams above the last stream id of a server's GOAWAY end the same way
 * (RFC 9113 §6.8), with that code, though no RST_STREAM was sent for them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.4">RFC 9113 §6.4</a>
 */
public final class StreamResetException extends H2ClientException {
    private static final long serialVersionUID = 1L;

    /** The stream that was reset. */
    private final int streamId;
    /** Whether the server reset (or by GOAWAY refused) the stream (else h2j did). */
    private final boolean byServer;

    /**
     * Creates an exception.
     *
     * @param message what happened, naming the stream and the code
     * @param streamId the stream that was reset
     * @param errorCode the RST_STREAM error code; REFUSED_STREAM for a stream a GOAWAY left unprocessed
     * @param byServer true if the server reset (or by GOAWAY refused) the stream, false if h2j reset it
     * @throws NullPointerException if {@code errorCode} is null
     */
    public StreamResetException(String message, int streamId, ErrorCode errorCode, boolean byServer) {
        super(message, Objects.requireNonNull(errorCode, "errorCode"), null);
        this.streamId = streamId;
        this.byServer = byServer;
    }

    /** The message of a stream reset by RST_STREAM: who, the code, and what led to it (may be empty). */
    static String reset(int streamId, ErrorCode errorCode, boolean byServer, String detail) {
        return "stream " + streamId + " reset by " + (byServer ? "the server" : "h2j") + ": RST_STREAM "
                + describe(errorCode) + (detail.isEmpty() ? "" : ": " + detail);
    }

    /**
     * Returns the stream that was reset.
     *
     * @return the stream identifier
     */
    public int streamId() {
        return streamId;
    }

    /**
     * Returns who reset the stream.
     *
     * @return true if the server sent the RST_STREAM or a GOAWAY that left the stream unprocessed, false
     *     if h2j reset it
     */
    public boolean byServer() {
        return byServer;
    }
}

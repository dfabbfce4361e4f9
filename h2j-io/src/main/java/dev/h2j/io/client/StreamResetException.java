package dev.h2j.io.client;

import dev.h2j.frame.ErrorCode;
import java.util.Objects;

/**
 * A request's stream ended with RST_STREAM before its response was complete (RFC 9113 §6.4): reset by
 * the server, or by h2j because the server broke a stream-level rule or the request was cancelled.
 * Other requests on the connection go on.
 *
 * <p>{@link ErrorCode#REFUSED_STREAM} means the server did not process the request (RFC 9113 §8.7), so
 * it is safe to send again; streams left unprocessed by a server's GOAWAY end the same way.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.4">RFC 9113 §6.4</a>
 */
public final class StreamResetException extends H2ClientException {
    private static final long serialVersionUID = 1L;

    private final int streamId;
    private final boolean byServer;

    /**
     * Creates an exception.
     *
     * @param streamId the stream that was reset
     * @param errorCode the RST_STREAM error code
     * @param byServer true if the server sent the RST_STREAM, false if h2j did
     * @param detail what led to it, appended to the message; may be empty
     * @throws NullPointerException if {@code errorCode} or {@code detail} is null
     */
    public StreamResetException(int streamId, ErrorCode errorCode, boolean byServer, String detail) {
        super("stream " + streamId + " reset by " + (byServer ? "the server" : "h2j") + ": RST_STREAM "
                + describe(Objects.requireNonNull(errorCode, "errorCode"))
                + (Objects.requireNonNull(detail, "detail").isEmpty() ? "" : ": " + detail), errorCode, null);
        this.streamId = streamId;
        this.byServer = byServer;
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
     * @return true if the server sent the RST_STREAM, false if h2j did
     */
    public boolean byServer() {
        return byServer;
    }
}

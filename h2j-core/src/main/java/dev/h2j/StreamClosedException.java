package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * An action or frame named a stream that has closed (RFC 9113 §5.1).
 *
 * <p>Error code: {@link ErrorCode#STREAM_CLOSED}.
 */
public class StreamClosedException extends NoSuchStreamException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#STREAM_CLOSED}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public StreamClosedException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.STREAM_CLOSED, scope, streamId, message);
    }
}

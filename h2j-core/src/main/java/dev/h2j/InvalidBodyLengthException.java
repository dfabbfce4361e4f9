package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * The DATA of a message disagrees with its content-length header: a malformed message (RFC 9113 §8.1.1).
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}.
 */
public class InvalidBodyLengthException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public InvalidBodyLengthException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }
}

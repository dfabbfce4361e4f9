package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A new stream with an identifier not above every identifier already used in its direction (RFC 9113 §5.1.1).
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}.
 */
public class StreamIdTooLowException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public StreamIdTooLowException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }
}

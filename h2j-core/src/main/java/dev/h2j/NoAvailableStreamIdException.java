package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * Every stream identifier of this endpoint's parity has been used (RFC 9113 §5.1.1); open a new connection.
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}.
 */
public class NoAvailableStreamIdException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public NoAvailableStreamIdException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }
}

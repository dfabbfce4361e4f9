package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A rule of HTTP/2 was broken: the parent of every more specific protocol error, like h2's {@code ProtocolError}.
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}, or the one the broken rule names (see
 * {@link #H2ProtocolException(ErrorCode, ErrorScope, int, String)}).
 */
public class H2ProtocolException extends H2Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public H2ProtocolException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }

    /**
     * Creates the exception with another error code, for a rule whose RFC names a different one.
     *
     * @param errorCode the error code of the broken rule
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public H2ProtocolException(ErrorCode errorCode, ErrorScope scope, int streamId, String message) {
        super(errorCode, scope, streamId, message);
    }
}

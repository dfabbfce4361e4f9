package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * An action named a stream that is not open: idle, or never created.
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}.
 */
public class NoSuchStreamException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public NoSuchStreamException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }

    /**
     * Creates the exception with the error code of a more specific subclass.
     *
     * @param errorCode the error code of the broken rule
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns
     * @param message what happened, naming the rule
     */
    protected NoSuchStreamException(ErrorCode errorCode, ErrorScope scope, int streamId, String message) {
        super(errorCode, scope, streamId, message);
    }
}

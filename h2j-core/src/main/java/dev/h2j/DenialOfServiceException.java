package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * The peer exceeded a limit that protects this endpoint (RFC 9113 §10.5), such as the number of control frames queued but not yet sent.
 *
 * <p>Error code: {@link ErrorCode#ENHANCE_YOUR_CALM}.
 */
public class DenialOfServiceException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#ENHANCE_YOUR_CALM}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public DenialOfServiceException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.ENHANCE_YOUR_CALM, scope, streamId, message);
    }
}

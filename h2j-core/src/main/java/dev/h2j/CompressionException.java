package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A field block that breaks RFC 7541: the HPACK context can no longer be trusted, so the connection ends (RFC 9113 §4.3).
 *
 * <p>Error code: {@link ErrorCode#COMPRESSION_ERROR}.
 */
public class CompressionException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#COMPRESSION_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public CompressionException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.COMPRESSION_ERROR, scope, streamId, message);
    }
}

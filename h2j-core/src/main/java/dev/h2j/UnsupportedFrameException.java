package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A frame the connection does not accept in its configuration, such as PUSH_PROMISE after SETTINGS_ENABLE_PUSH was set to 0 (RFC 9113 §8.4).
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}.
 */
public class UnsupportedFrameException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public UnsupportedFrameException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }
}

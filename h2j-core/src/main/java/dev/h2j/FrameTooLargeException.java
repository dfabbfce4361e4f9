package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A frame larger than the maximum frame size: received (RFC 9113 §4.2), or asked of {@link H2Connection#sendData(int, java.nio.ByteBuffer, boolean)} beyond the peer's SETTINGS_MAX_FRAME_SIZE.
 *
 * <p>Error code: {@link ErrorCode#FRAME_SIZE_ERROR}.
 */
public class FrameTooLargeException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#FRAME_SIZE_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public FrameTooLargeException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.FRAME_SIZE_ERROR, scope, streamId, message);
    }
}

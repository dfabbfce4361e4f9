package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A frame whose length its type does not allow: shorter than its fields require, or not the exact
 * length of a fixed-size frame such as PING or WINDOW_UPDATE (RFC 9113 §4.2, §6). A frame longer than
 * SETTINGS_MAX_FRAME_SIZE is a {@link FrameTooLargeException} instead.
 *
 * <p>Error code: {@link ErrorCode#FRAME_SIZE_ERROR}.
 */
public class FrameDataMissingException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#FRAME_SIZE_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public FrameDataMissingException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.FRAME_SIZE_ERROR, scope, streamId, message);
    }
}

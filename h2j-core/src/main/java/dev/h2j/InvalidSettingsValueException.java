package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A setting value outside the range RFC 9113 §6.5.2 (or the RFC defining the setting) allows.
 *
 * <p>Error code: {@link ErrorCode#PROTOCOL_ERROR}.
 */
public class InvalidSettingsValueException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#PROTOCOL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public InvalidSettingsValueException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.PROTOCOL_ERROR, scope, streamId, message);
    }
}

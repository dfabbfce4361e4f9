package dev.h2j;

import dev.h2j.frame.ErrorCode;

/**
 * A flow-control rule was broken (RFC 9113 §5.2, §6.9): data beyond a window, or a window pushed past 2^31-1.
 *
 * <p>Error code: {@link ErrorCode#FLOW_CONTROL_ERROR}.
 */
public class FlowControlException extends H2ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with error code {@link ErrorCode#FLOW_CONTROL_ERROR}.
     *
     * @param scope how far the error reaches
     * @param streamId the stream the error concerns, or 0 for the connection
     * @param message what happened, naming the rule
     */
    public FlowControlException(ErrorScope scope, int streamId, String message) {
        super(ErrorCode.FLOW_CONTROL_ERROR, scope, streamId, message);
    }
}

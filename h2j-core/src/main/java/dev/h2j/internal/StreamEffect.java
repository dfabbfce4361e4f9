package dev.h2j.internal;

/**
 * What a stream transition did: the internal events of the stream state machine. The connection turns
 * them into public events, and the header-carrying ones choose the {@link HeaderKind} whose validation
 * applies, so that the state machine alone decides what a field block is.
 */
enum StreamEffect {
    /** We sent a request's field block. */
    REQUEST_SENT(HeaderKind.REQUEST),
    /** We sent a final response's field block. */
    RESPONSE_SENT(HeaderKind.RESPONSE),
    /** We sent an interim (1xx) response. */
    INFORMATIONAL_SENT(HeaderKind.INFORMATIONAL),
    /** We sent trailers. */
    TRAILERS_SENT(HeaderKind.TRAILERS),
    /** We sent DATA. */
    DATA_SENT(null),
    /** We sent PUSH_PROMISE on this (parent) stream. */
    PUSH_PROMISE_SENT(null),
    /** This stream was promised by our PUSH_PROMISE; the block is the promised request. */
    PROMISED(HeaderKind.PUSH_PROMISE),
    /** We reset the stream. */
    RESET_SENT(null),
    /** We sent WINDOW_UPDATE for the stream. */
    WINDOW_UPDATE_SENT(null),
    /** A request's field block arrived. */
    REQUEST_RECEIVED(HeaderKind.REQUEST),
    /** A final response's field block arrived. */
    RESPONSE_RECEIVED(HeaderKind.RESPONSE),
    /** An interim (1xx) response arrived. */
    INFORMATIONAL_RECEIVED(HeaderKind.INFORMATIONAL),
    /** Trailers arrived. */
    TRAILERS_RECEIVED(HeaderKind.TRAILERS),
    /** DATA arrived. */
    DATA_RECEIVED(null),
    /** PUSH_PROMISE arrived on this (parent) stream. */
    PUSH_PROMISE_RECEIVED(null),
    /** The peer promised this stream in a PUSH_PROMISE; the block is the promised request. */
    PUSHED(HeaderKind.PUSH_PROMISE),
    /** The peer reset the stream. */
    RESET_RECEIVED(null),
    /** The peer opened the stream's send window. */
    WINDOW_UPDATE_RECEIVED(null),
    /** The stream was created by an HTTP/1.1 Upgrade to h2c. */
    UPGRADED(null),
    /**
     * A frame RFC 9113 §5.1 tells a closed stream to take and discard: WINDOW_UPDATE or RST_STREAM that
     * crossed the frame that closed the stream.
     */
    IGNORED(null);

    private final HeaderKind headerKind;

    StreamEffect(HeaderKind headerKind) {
        this.headerKind = headerKind;
    }

    /** The kind of field block this effect carries, or null for effects without one. */
    HeaderKind headerKind() {
        return headerKind;
    }
}

package dev.h2j.internal;

/**
 * The inputs of the stream state machine: one per frame a stream can send or receive, with the
 * END_STREAM flag and informational (1xx) field blocks told apart, because both change what a field
 * block means and where the stream goes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.1">RFC 9113 §5.1</a>
 */
enum StreamInput {
    /** We send a field block without END_STREAM. */
    SEND_HEADERS,
    /** We send a field block with END_STREAM. */
    SEND_HEADERS_END_STREAM,
    /** We send an interim response, status 1xx (RFC 9113 §8.1). */
    SEND_INFORMATIONAL_HEADERS,
    /** We ask to send an interim response with END_STREAM, which RFC 9113 §8.1 never allows. */
    SEND_INFORMATIONAL_HEADERS_END_STREAM,
    /** We send DATA without END_STREAM. */
    SEND_DATA,
    /** We send DATA with END_STREAM. */
    SEND_DATA_END_STREAM,
    /** We send PUSH_PROMISE: on the parent stream it stays; the promised stream becomes reserved. */
    SEND_PUSH_PROMISE,
    /** We send RST_STREAM. */
    SEND_RST_STREAM,
    /** We send WINDOW_UPDATE for the stream. */
    SEND_WINDOW_UPDATE,
    /** A field block without END_STREAM arrives. */
    RECV_HEADERS,
    /** A field block with END_STREAM arrives. */
    RECV_HEADERS_END_STREAM,
    /** An interim response, status 1xx, arrives (RFC 9113 §8.1). */
    RECV_INFORMATIONAL_HEADERS,
    /** An interim response with END_STREAM arrives: malformed in every state (RFC 9113 §8.1). */
    RECV_INFORMATIONAL_HEADERS_END_STREAM,
    /** DATA without END_STREAM arrives. */
    RECV_DATA,
    /** DATA with END_STREAM arrives. */
    RECV_DATA_END_STREAM,
    /** PUSH_PROMISE arrives: on the parent stream it stays; the promised stream becomes reserved. */
    RECV_PUSH_PROMISE,
    /** RST_STREAM arrives. */
    RECV_RST_STREAM,
    /** WINDOW_UPDATE for the stream arrives. */
    RECV_WINDOW_UPDATE,
    /**
     * Stream 1 of an HTTP/1.1 Upgrade to h2c: the request went over HTTP/1.1, so the stream starts
     * half-closed (RFC 7540 §3.2).
     */
    UPGRADE;

    /** Whether this endpoint sends the frame (else the peer does). */
    boolean isSend() {
        return ordinal() <= SEND_WINDOW_UPDATE.ordinal();
    }

    /** Whether the input carries END_STREAM. */
    boolean endsStream() {
        return this == SEND_HEADERS_END_STREAM || this == SEND_DATA_END_STREAM || this == RECV_HEADERS_END_STREAM
                || this == RECV_DATA_END_STREAM;
    }

    /** The input for a field block with the given informational status and END_STREAM flag. */
    static StreamInput headers(boolean send, boolean informational, boolean endStream) {
        if (informational && send) {
            return endStream ? SEND_INFORMATIONAL_HEADERS_END_STREAM : SEND_INFORMATIONAL_HEADERS;
        }
        if (informational) {
            return endStream ? RECV_INFORMATIONAL_HEADERS_END_STREAM : RECV_INFORMATIONAL_HEADERS;
        }
        if (send) {
            return endStream ? SEND_HEADERS_END_STREAM : SEND_HEADERS;
        }
        return endStream ? RECV_HEADERS_END_STREAM : RECV_HEADERS;
    }
}

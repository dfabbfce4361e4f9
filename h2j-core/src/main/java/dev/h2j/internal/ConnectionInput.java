package dev.h2j.internal;

/**
 * The inputs of the connection state machine: one per kind of frame sent or received, with the frames
 * that open a stream told apart from those on an existing one.
 */
enum ConnectionInput {
    /** {@code initiateConnection} on a client. */
    INITIATE_CLIENT,
    /** {@code initiateConnection} on a server. */
    INITIATE_SERVER,
    /** HEADERS that open a new stream. */
    SEND_NEW_STREAM_HEADERS,
    /** HEADERS on a stream that exists. */
    SEND_HEADERS,
    /** PUSH_PROMISE, which reserves a new stream. */
    SEND_PUSH_PROMISE,
    /** DATA. */
    SEND_DATA,
    /** RST_STREAM. */
    SEND_RST_STREAM,
    /** WINDOW_UPDATE. */
    SEND_WINDOW_UPDATE,
    /** PING. */
    SEND_PING,
    /** SETTINGS. */
    SEND_SETTINGS,
    /** PRIORITY. */
    SEND_PRIORITY,
    /** PRIORITY_UPDATE (RFC 9218). */
    SEND_PRIORITY_UPDATE,
    /** The first GOAWAY of a server's graceful shutdown. */
    SEND_GRACEFUL_GOAWAY,
    /** GOAWAY with NO_ERROR. */
    SEND_GOAWAY,
    /** GOAWAY with an error code: a connection error, ours or the caller's. */
    SEND_GOAWAY_ERROR,
    /** ALTSVC (RFC 7838). */
    SEND_ALTERNATIVE_SERVICE,
    /** ORIGIN (RFC 8336). */
    SEND_ORIGIN,
    /** A frame of an extension type. */
    SEND_UNKNOWN_FRAME,
    /** HEADERS that open a new stream. */
    RECV_NEW_STREAM_HEADERS,
    /** HEADERS on a stream that is not new. */
    RECV_HEADERS,
    /** PUSH_PROMISE. */
    RECV_PUSH_PROMISE,
    /** DATA. */
    RECV_DATA,
    /** RST_STREAM. */
    RECV_RST_STREAM,
    /** WINDOW_UPDATE. */
    RECV_WINDOW_UPDATE,
    /** PING. */
    RECV_PING,
    /** SETTINGS. */
    RECV_SETTINGS,
    /** PRIORITY. */
    RECV_PRIORITY,
    /** GOAWAY. */
    RECV_GOAWAY,
    /** ALTSVC (RFC 7838). */
    RECV_ALTERNATIVE_SERVICE,
    /** ORIGIN (RFC 8336). */
    RECV_ORIGIN,
    /** PRIORITY_UPDATE (RFC 9218). */
    RECV_PRIORITY_UPDATE,
    /** A frame of a type h2j does not know. */
    RECV_UNKNOWN_FRAME;

    /** Whether the input is something we do (else something the peer did). */
    boolean isSend() {
        return ordinal() <= SEND_UNKNOWN_FRAME.ordinal();
    }
}

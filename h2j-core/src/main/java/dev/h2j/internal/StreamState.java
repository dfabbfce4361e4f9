package dev.h2j.internal;

/**
 * The states of a stream: the seven states of RFC 9113 §5.1, with "open" and the two "half-closed"
 * states split by what the still-open halves have seen. A half that is open either still awaits its
 * first (final) field block, or is streaming: its headers went by, and DATA or trailers may follow.
 * That fact changes what may happen next, so it is part of the state, not a flag beside it.
 *
 * <p>Local means this endpoint's sending half, remote the peer's. The role (client or server) is not
 * part of the state; it selects the transition table.
 *
 * <pre>{@code
 *                              +--------+
 *                      send PP |        | recv PP
 *                     ,--------+  idle  +--------.
 *                    /         |        |         \
 *                   v          +--------+          v
 *            +----------+          |           +----------+
 *            | reserved |          | send H /  | reserved |
 *            | (local)  |          | recv H    | (remote) |
 *            +---+------+          v           +------+---+
 *                |  send H   +-----------+   recv H   |
 *                |           |   open    |            |
 *                |    ,------+ (awaiting | -----.     |
 *                |   /       | or stream-|       \    |
 *                v  v  ES    |   ing)    |  ES    v   v
 *        +-----------+       +-----------+      +----------+
 *        |half-closed|             |            |half-closed|
 *        | (remote)  |             | R          | (local)   |
 *        +-----+-----+             v            +-----+-----+
 *              |  ES / R     +-----------+    ES / R  |
 *              `------------>|  closed   |<-----------'
 *                            +-----------+
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.1">RFC 9113 §5.1</a>
 */
enum StreamState {
    /** No frame has been sent or received on the stream. */
    IDLE("idle"),
    /** This endpoint promised the stream in a PUSH_PROMISE and has not sent its response yet. */
    RESERVED_LOCAL("reserved (local)"),
    /** The peer promised the stream in a PUSH_PROMISE and has not sent its response yet. */
    RESERVED_REMOTE("reserved (remote)"),
    /** Open; the peer's field block arrived, ours is still to be sent (a server before its response). */
    OPEN_AWAITING_LOCAL_HEADERS("open"),
    /** Open; our field block went out, the peer's is still to come (a client before the response). */
    OPEN_AWAITING_REMOTE_HEADERS("open"),
    /** Open; both halves are past their field blocks. */
    OPEN_STREAMING("open"),
    /** We ended our half; the peer's field block is still to come. */
    HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS("half-closed (local)"),
    /** We ended our half; the peer's half is past its field block. */
    HALF_CLOSED_LOCAL_STREAMING("half-closed (local)"),
    /** The peer ended its half; our field block is still to be sent. */
    HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS("half-closed (remote)"),
    /** The peer ended its half; our half is past its field block. */
    HALF_CLOSED_REMOTE_STREAMING("half-closed (remote)"),
    /** Both halves ended, or a RST_STREAM was sent or received. A closed stream keeps no object. */
    CLOSED("closed");

    private final String rfcState;

    StreamState(String rfcState) {
        this.rfcState = rfcState;
    }

    /** The RFC 9113 §5.1 name of the state. */
    String rfcState() {
        return rfcState;
    }

    /**
     * Whether the peer may still send DATA on a stream in this state, so its receive window matters: its
     * half is open, or about to open (reserved (remote)).
     */
    boolean receivesData() {
        return this == RESERVED_REMOTE || this == OPEN_AWAITING_LOCAL_HEADERS || this == OPEN_AWAITING_REMOTE_HEADERS
                || this == OPEN_STREAMING || this == HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS
                || this == HALF_CLOSED_LOCAL_STREAMING;
    }

    /**
     * Whether a stream in this state counts toward SETTINGS_MAX_CONCURRENT_STREAMS: RFC 9113 §5.1.2
     * counts "open" and both "half-closed" states.
     */
    boolean countsAsOpen() {
        return this != IDLE && this != RESERVED_LOCAL && this != RESERVED_REMOTE && this != CLOSED;
    }
}

package dev.h2j.internal;

import dev.h2j.collect.IdTable;

/**
 * The per-stream part of the stream state machine: the state, and the numbers no table can hold. The
 * transition table is shared ({@link StreamMachine}); a closed stream has no object at all. The stream's
 * receive window is the {@link ReceiveWindow} it extends.
 */
final class Stream extends ReceiveWindow implements IdTable.Keyed {
    /** The content length is not known or not checked (RFC 9113 §8.1.1). */
    static final long UNCHECKED = -1;
    /** A client's HEAD request: the response's content-length describes no content (RFC 9110 §9.3.2). */
    static final long HEAD_REQUEST = -2;

    final int id;
    StreamState state = StreamState.IDLE;
    /** How many DATA octets we may still send: can go negative after a SETTINGS change (RFC 9113 §6.9.2). */
    long sendWindow;
    /** When {@link #sendWindow} last fell to 0 or below, on the connection's clock; stale while it is above. */
    long sendBlockedSince;
    /**
     * WINDOW_UPDATE frames the peer may send without counting as a flood: one, plus one per DATA frame sent
     * (saturating). An int keeps the stream object at 72 octets rather than 80.
     */
    int windowUpdateCredit = 1;
    /** The peer's DATA octets still expected by its content-length, or a marker when unchecked. */
    long contentLengthRemaining = UNCHECKED;

    Stream(int id, long sendWindow, long receiveWindow) {
        super(receiveWindow);
        this.id = id;
        this.sendWindow = sendWindow;
    }

    @Override
    public int id() {
        return id;
    }
}

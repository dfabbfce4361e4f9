package dev.h2j.internal;

/**
 * The streams this endpoint reset most recently, a fixed-size ring. RFC 9113 §5.1 says frames the peer
 * sent before it saw our RST_STREAM must be processed minimally and discarded; a stream that closed any
 * other way, or was reset long ago, is answered from the shared table's CLOSED row instead. Memory is
 * this ring, however many streams the connection has seen.
 */
final class RecentResets {
    private final int[] ids;
    private int next;

    RecentResets(int capacity) {
        this.ids = new int[capacity];
    }

    void add(int streamId) {
        ids[next] = streamId;
        next = (next + 1) % ids.length;
    }

    boolean contains(int streamId) {
        for (int id : ids) {
            if (id == streamId) {
                return true;
            }
        }
        return false;
    }
}

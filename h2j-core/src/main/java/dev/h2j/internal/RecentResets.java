package dev.h2j.internal;

/**
 * The streams this endpoint reset most recently, a fixed-size ring. RFC 9113 §5.1 says frames the peer
 * sent before it saw our RST_STREAM must be processed minimally and discarded; a stream that closed any
 * other way, or was reset long ago, is answered from the shared table's CLOSED row instead. Memory is
 * this ring, however many streams the connection has seen.
 */
final class RecentResets {
    private final int capacity;
    /** Made with the first reset: most connections never reset a stream (h2j-bench Footprint). */
    private int[] ids;
    private int next;

    RecentResets(int capacity) {
        this.capacity = capacity;
    }

    void add(int streamId) {
        if (ids == null) {
            ids = new int[capacity];
        }
        ids[next] = streamId;
        next = (next + 1) % ids.length;
    }

    boolean contains(int streamId) {
        if (ids == null) {
            return false;
        }
        for (int id : ids) {
            if (id == streamId) {
                return true;
            }
        }
        return false;
    }
}

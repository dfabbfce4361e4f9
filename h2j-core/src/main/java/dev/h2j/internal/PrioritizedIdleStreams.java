package dev.h2j.internal;

import java.util.Arrays;

/**
 * The idle streams that a PRIORITY_UPDATE has named, which RFC 9218 §7.1 counts with the active streams
 * against SETTINGS_MAX_CONCURRENT_STREAMS. A sorted set of ids; the caller bounds its size, and ids that
 * are no longer idle leave it, so it never holds more than that limit.
 */
final class PrioritizedIdleStreams {

    private int[] ids = new int[4];
    private int size;

    /** How many idle streams are counted. */
    int size() {
        return size;
    }

    /** Whether {@code streamId} is counted. */
    boolean contains(int streamId) {
        return Arrays.binarySearch(ids, 0, size, streamId) >= 0;
    }

    /** Counts {@code streamId}, which is not counted yet. */
    void add(int streamId) {
        int at = -Arrays.binarySearch(ids, 0, size, streamId) - 1;
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        ids[at] = streamId;
        size++;
    }

    /** Forgets every id up to {@code streamId}: stream ids only increase, so those are idle no more (RFC 9113 §5.1.1). */
    void forgetUpTo(long streamId) {
        int kept = 0;
        while (kept < size && ids[kept] <= streamId) {
            kept++;
        }
        System.arraycopy(ids, kept, ids, 0, size - kept);
        size -= kept;
    }
}

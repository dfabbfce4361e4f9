package dev.h2j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The streams that are not closed, by id: an open-addressing table keyed by the plain {@code int}, so
 * that a frame's lookup boxes nothing (a {@code HashMap<Integer, Stream>} made an {@code Integer} for
 * every stream id above 127, on each frame; the in-memory exchange benchmark of h2j-bench shows it in
 * {@code gc.alloc.rate.norm}). Linear probing with Fibonacci hashing, deletion by backward shift.
 */
final class StreamsById {
    private static final int FIRST_BITS = 4;
    private static final Stream[] NONE = {};

    // No table until the first stream: an idle connection keeps none (80 octets in h2j-bench's Footprint).
    private Stream[] slots = NONE;
    private int bits = FIRST_BITS - 1;
    private int size;

    /** The stream with this id, or null if it is closed or idle. */
    Stream get(int id) {
        if (size == 0) {
            return null;
        }
        Stream[] table = slots;
        int mask = table.length - 1;
        for (int i = home(id); ; i = (i + 1) & mask) {
            Stream s = table[i];
            if (s == null || s.id == id) {
                return s;
            }
        }
    }

    /** Whether a stream with this id is here. */
    boolean contains(int id) {
        return get(id) != null;
    }

    /** Adds a stream whose id is not here yet. */
    void put(Stream stream) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(stream);
        size++;
    }

    /** Removes the stream with this id; returns it, or null if there was none. */
    Stream remove(int id) {
        if (size == 0) {
            return null;
        }
        Stream[] table = slots;
        int mask = table.length - 1;
        int hole = home(id);
        while (table[hole] != null && table[hole].id != id) {
            hole = (hole + 1) & mask;
        }
        Stream removed = table[hole];
        if (removed == null) {
            return null;
        }
        table[hole] = null;
        size--;
        // Backward shift: move up each later entry of the run whose home is not between the hole and it.
        for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
            int home = home(table[i].id);
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                table[hole] = table[i];
                table[i] = null;
                hole = i;
            }
        }
        return removed;
    }

    /** How many streams are here. */
    int size() {
        return size;
    }

    /** A copy of the streams, in no particular order, to walk while the table changes. */
    List<Stream> values() {
        List<Stream> values = new ArrayList<>(size);
        for (Stream s : slots) {
            if (s != null) {
                values.add(s);
            }
        }
        return values;
    }

    private int home(int id) {
        return (id * 0x9E3779B9) >>> (32 - bits);
    }

    private void insert(Stream stream) {
        int mask = slots.length - 1;
        int i = home(stream.id);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = stream;
    }

    private void grow() {
        Stream[] old = slots;
        bits++;
        slots = new Stream[1 << bits];
        for (Stream s : old) {
            if (s != null) {
                insert(s);
            }
        }
    }
}

package dev.h2j.hpack;

import java.util.Arrays;

/**
 * The dynamic table of RFC 7541 §2.3.2: a FIFO of header fields, newest at index 1, kept as a ring
 * buffer so that insertion and eviction never shift entries.
 */
final class DynamicTable {

    private HeaderField[] ring = new HeaderField[16]; // length is a power of two
    private int newest = -1; // ring position of index 1
    private int length;
    private long size; // RFC 7541 §4.1 octets; long so that huge entries cannot overflow the sum
    private int capacity;

    DynamicTable(int capacity) {
        this.capacity = capacity;
    }

    /** Returns the maximum size in octets (RFC 7541 §4.2). */
    int capacity() {
        return capacity;
    }

    /** Returns the sum of the entry sizes (RFC 7541 §4.1). */
    int size() {
        return (int) size;
    }

    /** Returns the number of entries. */
    int length() {
        return length;
    }

    /** Returns the entry at {@code index}, 1 (newest) to {@link #length()}. */
    HeaderField get(int index) {
        return ring[(newest - index + 1) & (ring.length - 1)];
    }

    /**
     * Inserts {@code field} as index 1, evicting the oldest entries to make room; a field larger
     * than the capacity empties the table and is not inserted (RFC 7541 §4.4).
     */
    void add(HeaderField field) {
        long fieldSize = (long) field.name.length + field.value.length + HeaderField.ENTRY_OVERHEAD;
        // RFC 7541 §4.4: an entry larger than the maximum size empties the table.
        if (fieldSize > capacity) {
            clear();
            return;
        }
        // RFC 7541 §4.4: evict from the end until the new entry fits.
        evictUntil(capacity - fieldSize);
        if (length == ring.length) {
            grow();
        }
        newest = (newest + 1) & (ring.length - 1);
        ring[newest] = field;
        length++;
        size += fieldSize;
    }

    /** Changes the maximum size, evicting the oldest entries until the table fits (RFC 7541 §4.3). */
    void setCapacity(int capacity) {
        this.capacity = capacity;
        evictUntil(capacity);
    }

    /**
     * Finds {@code field}: returns the index of an entry with the same name and value, else the
     * negated index of the newest entry with the same name, else 0.
     */
    int find(HeaderField field) {
        int nameHash = field.nameHash();
        int nameMatch = 0;
        int mask = ring.length - 1;
        for (int index = 1; index <= length; index++) {
            HeaderField entry = ring[(newest - index + 1) & mask];
            if (entry.nameHash() == nameHash && entry.nameEquals(field)) {
                if (entry.valueEquals(field)) {
                    return index;
                }
                if (nameMatch == 0) {
                    nameMatch = -index;
                }
            }
        }
        return nameMatch;
    }

    private void evictUntil(long maxSize) {
        int mask = ring.length - 1;
        while (size > maxSize) {
            int oldest = (newest - length + 1) & mask;
            HeaderField evicted = ring[oldest];
            ring[oldest] = null;
            length--;
            size -= (long) evicted.name.length + evicted.value.length + HeaderField.ENTRY_OVERHEAD;
        }
    }

    private void clear() {
        Arrays.fill(ring, null);
        length = 0;
        size = 0;
    }

    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        // Copy oldest first so that the newest entry lands at position length - 1.
        for (int index = length; index >= 1; index--) {
            bigger[length - index] = get(index);
        }
        ring = bigger;
        newest = length - 1;
    }
}

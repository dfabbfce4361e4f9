package dev.h2j.hpack;

import java.util.Arrays;

/**
 * The dynamic table of RFC 7541 §2.3.2: a FIFO of header fields, newest at index 1, kept as a ring
 * buffer so that insertion and eviction never shift entries.
 *
 * <p>An indexed table (the encoder's) also keeps two hash chains per entry, by name and by name and
 * value, so that {@link #find(HeaderField)} visits only the entries that may match. Entries are
 * numbered by insertion ({@code seq}); entry {@code seq} sits at ring position {@code seq & mask},
 * and a chain link to an entry older than the oldest live one ends the chain, so eviction never
 * touches the chains.
 */
final class DynamicTable {

    private static final int INITIAL_LENGTH = 16; // a power of two
    private static final long NONE = -1;
    private static final HeaderField[] NO_ENTRIES = {};

    private final boolean indexed;
    // A power of two in length, or none until the first entry: an idle connection's tables hold nothing.
    private HeaderField[] ring = NO_ENTRIES;
    private long inserted; // entries ever added; the newest is number inserted - 1, at index 1
    private int length;
    private long size; // RFC 7541 §4.1 octets; long so that huge entries cannot overflow the sum
    private int capacity;

    // Indexed tables only. By ring position: the entry's hashes and the next older entry with the same
    // name hash / field hash (or NONE). By bucket: the newest entry of the chain (or NONE).
    private int[] nameHashes;
    private int[] hashes;
    private long[] nextSameName;
    private long[] nextSameField;
    private long[] nameHeads;
    private long[] fieldHeads;

    /** Creates a table without lookup chains, for the decoder. */
    DynamicTable(int capacity) {
        this(capacity, false);
    }

    /**
     * Creates a table.
     *
     * @param indexed whether {@link #find(HeaderField)} is used (the encoder's table); HpackBench.encodeCorpus:
     *     a linear scan of a full table was half of the encoder's time
     */
    DynamicTable(int capacity, boolean indexed) {
        this.capacity = capacity;
        this.indexed = indexed;
    }

    private void allocateIndex(int ringLength) {
        nameHashes = new int[ringLength];
        hashes = new int[ringLength];
        nextSameName = new long[ringLength];
        nextSameField = new long[ringLength];
        nameHeads = new long[2 * ringLength];
        fieldHeads = new long[2 * ringLength];
        Arrays.fill(nameHeads, NONE);
        Arrays.fill(fieldHeads, NONE);
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
        return ring[(int) (inserted - index) & (ring.length - 1)];
    }

    /**
     * Inserts {@code field} as index 1, evicting the oldest entries to make room; a field larger
     * than the capacity empties the table and is not inserted (RFC 7541 §4.4).
     */
    void add(HeaderField field) {
        long fieldSize = field.entrySize();
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
        long seq = inserted++;
        int position = (int) seq & (ring.length - 1);
        ring[position] = field;
        length++;
        size += fieldSize;
        if (indexed) {
            if (nameHeads == null) {
                // The chains come with the first entry: an idle connection's encoder holds none (Footprint).
                allocateIndex(ring.length);
            }
            link(seq, position, field);
        }
    }

    private void link(long seq, int position, HeaderField field) {
        int nameHash = field.nameHash();
        int hash = field.hashCode();
        int bucketMask = nameHeads.length - 1;
        nameHashes[position] = nameHash;
        hashes[position] = hash;
        nextSameName[position] = nameHeads[nameHash & bucketMask];
        nameHeads[nameHash & bucketMask] = seq;
        nextSameField[position] = fieldHeads[hash & bucketMask];
        fieldHeads[hash & bucketMask] = seq;
    }

    /** Changes the maximum size, evicting the oldest entries until the table fits (RFC 7541 §4.3). */
    void setCapacity(int capacity) {
        this.capacity = capacity;
        evictUntil(capacity);
    }

    /**
     * Finds {@code field} in an indexed table: returns the index of an entry with the same name and
     * value, else the negated index of the newest entry with the same name, else 0.
     */
    int find(HeaderField field) {
        if (nameHeads == null) {
            return 0;
        }
        long oldest = inserted - length;
        int mask = ring.length - 1;
        int bucketMask = nameHeads.length - 1;
        int hash = field.hashCode();
        // Chains run newest first, so the first match is the one with the lowest index.
        for (long seq = fieldHeads[hash & bucketMask]; seq >= oldest; seq = nextSameField[(int) seq & mask]) {
            int position = (int) seq & mask;
            HeaderField entry = ring[position];
            if (hashes[position] == hash && entry.nameEquals(field) && entry.valueEquals(field)) {
                return (int) (inserted - seq);
            }
        }
        int nameHash = field.nameHash();
        for (long seq = nameHeads[nameHash & bucketMask]; seq >= oldest; seq = nextSameName[(int) seq & mask]) {
            int position = (int) seq & mask;
            if (nameHashes[position] == nameHash && ring[position].nameEquals(field)) {
                return (int) (seq - inserted);
            }
        }
        return 0;
    }

    private void evictUntil(long maxSize) {
        int mask = ring.length - 1;
        while (size > maxSize) {
            int oldest = (int) (inserted - length) & mask;
            HeaderField evicted = ring[oldest];
            ring[oldest] = null;
            length--;
            size -= evicted.entrySize();
        }
    }

    private void clear() {
        Arrays.fill(ring, null);
        length = 0;
        size = 0;
    }

    private void grow() {
        HeaderField[] old = ring;
        int oldMask = old.length - 1;
        ring = new HeaderField[Math.max(INITIAL_LENGTH, old.length * 2)];
        int mask = ring.length - 1;
        if (indexed) {
            allocateIndex(ring.length);
        }
        // Oldest first, so that relinking leaves every chain newest first.
        for (long seq = inserted - length; seq < inserted; seq++) {
            HeaderField field = old[(int) seq & oldMask];
            ring[(int) seq & mask] = field;
            if (indexed) {
                link(seq, (int) seq & mask, field);
            }
        }
    }
}

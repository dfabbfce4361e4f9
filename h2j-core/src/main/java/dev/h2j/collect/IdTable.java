package dev.h2j.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Entries by their {@code int} id, such as streams by stream id: an open-addressing table keyed by the
 * plain {@code int} the entry itself holds, so that a lookup boxes nothing (a {@code HashMap<Integer, ...>}
 * made an {@code Integer} for every stream id above 127, on each frame; the in-memory exchange benchmark
 * of h2j-bench shows it in {@code gc.alloc.rate.norm}, and {@code h2j serve}'s priority tree spent 2-3 %
 * of its time in one). Linear probing with Fibonacci hashing, deletion by backward shift. Not
 * thread-safe.
 *
 * @param <T> the entries
 */
public final class IdTable<T extends IdTable.Keyed> {

    /** What the table holds: something with an id that never changes while it is in the table. */
    public interface Keyed {
        /**
         * Returns the entry's id.
         *
         * @return the id
         */
        int id();
    }

    private static final int FIRST_BITS = 4;
    private static final Keyed[] NONE = {};

    // No table until the first entry: an idle connection keeps none (80 octets in h2j-bench's Footprint).
    private Keyed[] slots = NONE;
    private int bits = FIRST_BITS - 1;
    private int size;

    /** Creates an empty table; it allocates nothing until the first entry. */
    public IdTable() {
        // Everything starts at its field initialiser.
    }

    /**
     * Returns the entry with this id.
     *
     * @param id the id
     * @return the entry, or null if there is none
     */
    @SuppressWarnings("unchecked")
    public T get(int id) {
        if (size == 0) {
            return null;
        }
        Keyed[] table = slots;
        int mask = table.length - 1;
        for (int i = home(id); ; i = (i + 1) & mask) {
            Keyed s = table[i];
            if (s == null || s.id() == id) {
                return (T) s;
            }
        }
    }

    /**
     * Tells whether an entry with this id is here.
     *
     * @param id the id
     * @return true if there is one
     */
    public boolean contains(int id) {
        return get(id) != null;
    }

    /**
     * Adds an entry whose id is not here yet.
     *
     * @param entry the entry
     */
    public void put(T entry) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(entry);
        size++;
    }

    /**
     * Removes the entry with this id.
     *
     * @param id the id
     * @return the entry removed, or null if there was none
     */
    @SuppressWarnings("unchecked")
    public T remove(int id) {
        if (size == 0) {
            return null;
        }
        Keyed[] table = slots;
        int mask = table.length - 1;
        int hole = home(id);
        while (table[hole] != null && table[hole].id() != id) {
            hole = (hole + 1) & mask;
        }
        Keyed removed = table[hole];
        if (removed == null) {
            return null;
        }
        table[hole] = null;
        size--;
        // Backward shift: move up each later entry of the run whose home is not between the hole and it.
        for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
            int home = home(table[i].id());
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                table[hole] = table[i];
                table[i] = null;
                hole = i;
            }
        }
        return (T) removed;
    }

    /**
     * Returns how many entries are here.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /**
     * Returns a copy of the entries, in no particular order, to walk while the table changes.
     *
     * @return a new list
     */
    @SuppressWarnings("unchecked")
    public List<T> values() {
        List<T> values = new ArrayList<>(size);
        for (Keyed s : slots) {
            if (s != null) {
                values.add((T) s);
            }
        }
        return values;
    }

    private int home(int id) {
        return (id * 0x9E3779B9) >>> (32 - bits);
    }

    private void insert(Keyed entry) {
        int mask = slots.length - 1;
        int i = home(entry.id());
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
    }

    private void grow() {
        Keyed[] old = slots;
        bits++;
        slots = new Keyed[1 << bits];
        for (Keyed s : old) {
            if (s != null) {
                insert(s);
            }
        }
    }
}

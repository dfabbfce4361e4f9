package dev.h2j.hpack;

/**
 * The static table of RFC 7541 Appendix A, with lookups by name and by name and value.
 *
 * <p>Lookups go through an open-addressing table keyed by the name hash that {@link HeaderField}
 * caches, so a field's octets are compared only with an entry whose hash matches.
 */
final class StaticTable {

    /** RFC 7541 Appendix A: the table has 61 entries, indexed from 1. */
    static final int LENGTH = 61;

    private static final String[] DATA = {
            ":authority", "",
            ":method", "GET",
            ":method", "POST",
            ":path", "/",
            ":path", "/index.html",
            ":scheme", "http",
            ":scheme", "https",
            ":status", "200",
            ":status", "204",
            ":status", "206",
            ":status", "304",
            ":status", "400",
            ":status", "404",
            ":status", "500",
            "accept-charset", "",
            "accept-encoding", "gzip, deflate",
            "accept-language", "",
            "accept-ranges", "",
            "accept", "",
            "access-control-allow-origin", "",
            "age", "",
            "allow", "",
            "authorization", "",
            "cache-control", "",
            "content-disposition", "",
            "content-encoding", "",
            "content-language", "",
            "content-length", "",
            "content-location", "",
            "content-range", "",
            "content-type", "",
            "cookie", "",
            "date", "",
            "etag", "",
            "expect", "",
            "expires", "",
            "from", "",
            "host", "",
            "if-match", "",
            "if-modified-since", "",
            "if-none-match", "",
            "if-range", "",
            "if-unmodified-since", "",
            "last-modified", "",
            "link", "",
            "location", "",
            "max-forwards", "",
            "proxy-authenticate", "",
            "proxy-authorization", "",
            "range", "",
            "referer", "",
            "refresh", "",
            "retry-after", "",
            "server", "",
            "set-cookie", "",
            "strict-transport-security", "",
            "transfer-encoding", "",
            "user-agent", "",
            "vary", "",
            "via", "",
            "www-authenticate", "",
    };

    /** Entry {@code i} at index {@code i}; index 0 is unused (RFC 7541 §2.3.3). */
    private static final HeaderField[] ENTRIES = new HeaderField[LENGTH + 1];

    /**
     * Open addressing by name hash: the index of the first entry of each distinct name, 0 if empty.
     * HpackBench.encodeResponse: comparing a name with every static name of its length was a third
     * of the encoder's time.
     */
    private static final int[] FIRST_BY_NAME_HASH = new int[256];

    /** For the first entry of a name, the index of the last entry with that name (names are contiguous). */
    private static final int[] LAST_WITH_NAME = new int[LENGTH + 1];

    static {
        for (int i = 1; i <= LENGTH; i++) {
            ENTRIES[i] = HeaderField.of(DATA[2 * i - 2], DATA[2 * i - 1]);
        }
        int mask = FIRST_BY_NAME_HASH.length - 1;
        for (int i = 1; i <= LENGTH; i++) {
            HeaderField entry = ENTRIES[i];
            if (i > 1 && entry.nameEquals(ENTRIES[i - 1])) {
                continue;
            }
            int last = i;
            while (last < LENGTH && entry.nameEquals(ENTRIES[last + 1])) {
                last++;
            }
            LAST_WITH_NAME[i] = last;
            int slot = spread(entry.nameHash()) & mask;
            while (FIRST_BY_NAME_HASH[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            FIRST_BY_NAME_HASH[slot] = i;
        }
    }

    private StaticTable() {
    }

    /** Returns the entry at {@code index}, 1 to {@link #LENGTH}. */
    static HeaderField get(int index) {
        return ENTRIES[index];
    }

    /**
     * Finds {@code field}: returns the index of an entry with the same name and value, else the
     * negated index of the first entry with the same name, else 0.
     */
    static int find(HeaderField field) {
        int nameHash = field.nameHash();
        int mask = FIRST_BY_NAME_HASH.length - 1;
        for (int slot = spread(nameHash) & mask; ; slot = (slot + 1) & mask) {
            int first = FIRST_BY_NAME_HASH[slot];
            if (first == 0) {
                return 0;
            }
            HeaderField entry = ENTRIES[first];
            if (entry.nameHash() == nameHash && entry.nameEquals(field)) {
                int hash = field.hashCode();
                for (int i = first, last = LAST_WITH_NAME[first]; i <= last; i++) {
                    if (ENTRIES[i].hashCode() == hash && ENTRIES[i].valueEquals(field)) {
                        return i;
                    }
                }
                return -first;
            }
        }
    }

    /** Mixes the high bits of a hash into the low bits that pick a slot. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 7) ^ (hash >>> 16);
    }
}

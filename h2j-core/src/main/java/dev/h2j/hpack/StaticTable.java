package dev.h2j.hpack;

import java.util.Arrays;

/**
 * The static table of RFC 7541 Appendix A, with lookups by name and by name and value.
 *
 * <p>Lookups hash nothing: names are bucketed by length at class initialisation, and a bucket holds
 * at most a handful of distinct names, compared octet by octet.
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

    /** For each name length, the index of the first entry of each distinct name of that length. */
    private static final int[][] FIRST_BY_NAME_LENGTH;

    /** For the first entry of a name, the index of the last entry with that name (names are contiguous). */
    private static final int[] LAST_WITH_NAME = new int[LENGTH + 1];

    static {
        int maxNameLength = 0;
        for (int i = 1; i <= LENGTH; i++) {
            ENTRIES[i] = HeaderField.of(DATA[2 * i - 2], DATA[2 * i - 1]);
            maxNameLength = Math.max(maxNameLength, ENTRIES[i].nameLength());
        }
        int[][] buckets = new int[maxNameLength + 1][0];
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
            int[] bucket = buckets[entry.nameLength()];
            bucket = Arrays.copyOf(bucket, bucket.length + 1);
            bucket[bucket.length - 1] = i;
            buckets[entry.nameLength()] = bucket;
        }
        FIRST_BY_NAME_LENGTH = buckets;
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
        byte[] name = field.name;
        if (name.length >= FIRST_BY_NAME_LENGTH.length) {
            return 0;
        }
        for (int first : FIRST_BY_NAME_LENGTH[name.length]) {
            if (Arrays.equals(name, ENTRIES[first].name)) {
                byte[] value = field.value;
                for (int i = first, last = LAST_WITH_NAME[first]; i <= last; i++) {
                    if (Arrays.equals(value, ENTRIES[i].value)) {
                        return i;
                    }
                }
                return -first;
            }
        }
        return 0;
    }
}

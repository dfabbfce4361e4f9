package dev.h2j.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The rules of {@link IndexingPolicy#DEFAULT}, on octets so that no field becomes a String. */
final class DefaultIndexingPolicy {

    // What a name is to the policy.
    private static final int OTHER = 0;
    private static final int CREDENTIAL = 1;
    private static final int COOKIE = 2;
    private static final int MAY_HOLD_QUERY = 3;
    private static final int UNIQUE = 4;

    private static final String[][] NAMES = {
        {"authorization", "proxy-authorization", "set-cookie"}, // CREDENTIAL
        {"cookie"}, // COOKIE
        {":path", "location"}, // MAY_HOLD_QUERY
        // Not date and last-modified: a server answers many responses within one second, and the assets of
        // one deployment share a last-modified, so both repeat; indexing them takes the hpack-test-case
        // traffic from 36.8 % to 31.9 % of its octets (h2j-bench WireSizes), below Netty's 32.0 %.
        {"content-length", "content-range", "etag", "if-modified-since", "if-none-match",
            "age", "x-request-id"}, // UNIQUE
    };

    /**
     * The names above by length; KINDS_BY_LENGTH[n][i] is the kind of NAMES_BY_LENGTH[n][i].
     * HpackBench.encodeResponse: comparing every name with all fifteen constants took a tenth of
     * the encoder's time; now a name meets only the constants of its length.
     */
    private static final byte[][][] NAMES_BY_LENGTH;
    private static final int[][] KINDS_BY_LENGTH;

    /** RFC 7541 §7.1.3: values this short can be guessed one request at a time. */
    private static final int MIN_INDEXED_COOKIE_LENGTH = 20;

    static {
        int longest = 0;
        for (String[] names : NAMES) {
            for (String name : names) {
                longest = Math.max(longest, name.length());
            }
        }
        byte[][][] byLength = new byte[longest + 1][0][];
        int[][] kinds = new int[longest + 1][0];
        for (int k = 0; k < NAMES.length; k++) {
            for (String name : NAMES[k]) {
                int n = name.length();
                byLength[n] = Arrays.copyOf(byLength[n], byLength[n].length + 1);
                byLength[n][byLength[n].length - 1] = name.getBytes(StandardCharsets.US_ASCII);
                kinds[n] = Arrays.copyOf(kinds[n], kinds[n].length + 1);
                kinds[n][kinds[n].length - 1] = k + 1;
            }
        }
        NAMES_BY_LENGTH = byLength;
        KINDS_BY_LENGTH = kinds;
    }

    private DefaultIndexingPolicy() {
    }

    static Indexing decide(HeaderField field, int maxTableSize) {
        int kind = kindOf(field.name);
        // RFC 7541 §7.1.3: credentials must not be exposed to a compression oracle.
        if (kind == CREDENTIAL || (kind == COOKIE && field.value.length < MIN_INDEXED_COOKIE_LENGTH)) {
            return Indexing.NEVER_INDEXED;
        }
        // A field taking most of the table would evict everything else for one use.
        if (field.size() > maxTableSize * 3L / 4) {
            return Indexing.WITHOUT_INDEXING;
        }
        if (kind == MAY_HOLD_QUERY && containsQuery(field.value)) {
            return Indexing.WITHOUT_INDEXING;
        }
        if (kind == UNIQUE) {
            return Indexing.WITHOUT_INDEXING;
        }
        return Indexing.INCREMENTAL;
    }

    private static int kindOf(byte[] name) {
        if (name.length >= NAMES_BY_LENGTH.length) {
            return OTHER;
        }
        byte[][] candidates = NAMES_BY_LENGTH[name.length];
        for (int i = 0; i < candidates.length; i++) {
            if (Arrays.equals(name, candidates[i])) {
                return KINDS_BY_LENGTH[name.length][i];
            }
        }
        return OTHER;
    }

    private static boolean containsQuery(byte[] value) {
        for (byte b : value) {
            if (b == '?') {
                return true;
            }
        }
        return false;
    }
}

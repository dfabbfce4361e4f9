package dev.h2j.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The rules of {@link IndexingPolicy#DEFAULT}, on octets so that no field becomes a String. */
final class DefaultIndexingPolicy {

    private static final byte[] AUTHORIZATION = ascii("authorization");
    private static final byte[] PROXY_AUTHORIZATION = ascii("proxy-authorization");
    private static final byte[] COOKIE = ascii("cookie");
    private static final byte[] SET_COOKIE = ascii("set-cookie");
    private static final byte[] PATH = ascii(":path");
    private static final byte[] LOCATION = ascii("location");
    private static final byte[][] NOT_INDEXED = {
        ascii("content-length"), ascii("content-range"), ascii("date"), ascii("etag"),
        ascii("if-modified-since"), ascii("if-none-match"), ascii("last-modified"), ascii("age"),
        ascii("x-request-id"),
    };

    /** RFC 7541 §7.1.3: values this short can be guessed one request at a time. */
    private static final int MIN_INDEXED_COOKIE_LENGTH = 20;

    private DefaultIndexingPolicy() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static Indexing decide(HeaderField field, int maxTableSize) {
        byte[] name = field.name;
        // RFC 7541 §7.1.3: credentials must not be exposed to a compression oracle.
        if (Arrays.equals(name, AUTHORIZATION) || Arrays.equals(name, PROXY_AUTHORIZATION)
                || Arrays.equals(name, SET_COOKIE)
                || (Arrays.equals(name, COOKIE) && field.value.length < MIN_INDEXED_COOKIE_LENGTH)) {
            return Indexing.NEVER_INDEXED;
        }
        // A field taking most of the table would evict everything else for one use.
        if (field.size() > maxTableSize * 3L / 4) {
            return Indexing.WITHOUT_INDEXING;
        }
        if ((Arrays.equals(name, PATH) || Arrays.equals(name, LOCATION)) && containsQuery(field.value)) {
            return Indexing.WITHOUT_INDEXING;
        }
        for (byte[] unique : NOT_INDEXED) {
            if (Arrays.equals(name, unique)) {
                return Indexing.WITHOUT_INDEXING;
            }
        }
        return Indexing.INCREMENTAL;
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

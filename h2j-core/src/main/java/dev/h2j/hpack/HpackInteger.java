package dev.h2j.hpack;

/**
 * The prefix-coded integers of RFC 7541 §5.1.
 *
 * <p>h2j accepts values up to 2^31-1 (every length and index fits a Java {@code int}) and at most
 * the five continuation octets needed to reach that bound, so an endless run of {@code 0x80}
 * octets cannot keep the decoder busy.
 */
final class HpackInteger {

    /** 2^31-1 needs at most five continuation octets: 5 × 7 = 35 bits. */
    static final int MAX_CONTINUATION_OCTETS = 5;

    /** The most octets one encoded integer takes: the prefix octet and five continuations. */
    static final int MAX_ENCODED_LENGTH = 1 + MAX_CONTINUATION_OCTETS;

    private HpackInteger() {
    }

    /**
     * Writes {@code value} with an {@code prefixBits}-bit prefix into {@code dst} from {@code pos};
     * {@code flags} fills the first octet's high bits above the prefix. Returns the position after it.
     */
    static int encode(byte[] dst, int pos, int flags, int prefixBits, int value) {
        int maxPrefix = (1 << prefixBits) - 1;
        // RFC 7541 §5.1: a value below 2^N-1 fits the prefix.
        if (value < maxPrefix) {
            dst[pos] = (byte) (flags | value);
            return pos + 1;
        }
        dst[pos++] = (byte) (flags | maxPrefix);
        int rest = value - maxPrefix;
        // RFC 7541 §5.1: then 7 bits per octet, least significant first, high bit = more to come.
        while (rest >= 0x80) {
            dst[pos++] = (byte) (rest | 0x80);
            rest >>>= 7;
        }
        dst[pos] = (byte) rest;
        return pos + 1;
    }

    /** Returns how many octets {@link #encode} writes for {@code value}. */
    static int encodedLength(int prefixBits, int value) {
        int maxPrefix = (1 << prefixBits) - 1;
        if (value < maxPrefix) {
            return 1;
        }
        int length = 2;
        for (int rest = value - maxPrefix; rest >= 0x80; rest >>>= 7) {
            length++;
        }
        return length;
    }

    /**
     * Reads an integer whose prefix is the low {@code prefixBits} bits of {@code first}, an octet
     * already consumed, from the continuation octets in {@code src[pos, end)}. Returns the value and
     * the position after the integer packed in one {@code long}, read back with {@link #value(long)}
     * and {@link #position(long)}: the decoder's hot path keeps its cursor in a local array index
     * (HpackBench.decodeCorpusNghttp2), and this avoids an allocation per integer.
     *
     * @throws HpackException if the integer is truncated, exceeds 2^31-1 or has too many octets
     */
    static long decode(byte[] src, int pos, int end, int first, int prefixBits) {
        int maxPrefix = (1 << prefixBits) - 1;
        int value = first & maxPrefix;
        if (value < maxPrefix) {
            return packed(value, pos);
        }
        long result = value;
        for (int shift = 0; shift < 7 * MAX_CONTINUATION_OCTETS; shift += 7) {
            if (pos == end) {
                throw new HpackException("RFC 7541 §5.1: integer truncated at the end of the block");
            }
            int b = src[pos++];
            result += (long) (b & 0x7F) << shift;
            // RFC 7541 §5.1: values past the implementation limit are a decoding error.
            if (result > Integer.MAX_VALUE) {
                throw new HpackException("RFC 7541 §5.1: integer exceeds 2^31-1");
            }
            if ((b & 0x80) == 0) {
                return packed((int) result, pos);
            }
        }
        throw new HpackException("RFC 7541 §5.1: integer has more than "
                + MAX_CONTINUATION_OCTETS + " continuation octets");
    }

    private static long packed(int value, int position) {
        return (long) value << 32 | position & 0xFFFFFFFFL;
    }

    /** The value half of what {@link #decode} returned. */
    static int value(long decoded) {
        return (int) (decoded >>> 32);
    }

    /** The position half of what {@link #decode} returned: the index after the integer. */
    static int position(long decoded) {
        return (int) decoded;
    }
}

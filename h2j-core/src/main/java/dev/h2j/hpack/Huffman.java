package dev.h2j.hpack;

import java.nio.BufferOverflowException;

/**
 * The static Huffman code of RFC 7541 Appendix B, with a table-driven decoder.
 *
 * <p>The decoder reads one octet at a time through a finite-state table derived at class
 * initialisation from the code table below: a state is an internal node of the Huffman tree, and
 * each (state, octet) cell holds the next state, the symbols completed on the way (up to two), and
 * whether the string may end there (RFC 7541 §5.2: padding is at most 7 bits, all ones).
 */
final class Huffman {

    /** RFC 7541 Appendix B: the code of each symbol, right-aligned; symbol 256 is EOS. */
    private static final int[] CODES = {
        0x1ff8, 0x7fffd8, 0xfffffe2, 0xfffffe3, 0xfffffe4, 0xfffffe5, 0xfffffe6, 0xfffffe7,
        0xfffffe8, 0xffffea, 0x3ffffffc, 0xfffffe9, 0xfffffea, 0x3ffffffd, 0xfffffeb, 0xfffffec,
        0xfffffed, 0xfffffee, 0xfffffef, 0xffffff0, 0xffffff1, 0xffffff2, 0x3ffffffe, 0xffffff3,
        0xffffff4, 0xffffff5, 0xffffff6, 0xffffff7, 0xffffff8, 0xffffff9, 0xffffffa, 0xffffffb,
        0x14, 0x3f8, 0x3f9, 0xffa, 0x1ff9, 0x15, 0xf8, 0x7fa,
        0x3fa, 0x3fb, 0xf9, 0x7fb, 0xfa, 0x16, 0x17, 0x18,
        0x0, 0x1, 0x2, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
        0x1e, 0x1f, 0x5c, 0xfb, 0x7ffc, 0x20, 0xffb, 0x3fc,
        0x1ffa, 0x21, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62,
        0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
        0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72,
        0xfc, 0x73, 0xfd, 0x1ffb, 0x7fff0, 0x1ffc, 0x3ffc, 0x22,
        0x7ffd, 0x3, 0x23, 0x4, 0x24, 0x5, 0x25, 0x26,
        0x27, 0x6, 0x74, 0x75, 0x28, 0x29, 0x2a, 0x7,
        0x2b, 0x76, 0x2c, 0x8, 0x9, 0x2d, 0x77, 0x78,
        0x79, 0x7a, 0x7b, 0x7ffe, 0x7fc, 0x3ffd, 0x1ffd, 0xffffffc,
        0xfffe6, 0x3fffd2, 0xfffe7, 0xfffe8, 0x3fffd3, 0x3fffd4, 0x3fffd5, 0x7fffd9,
        0x3fffd6, 0x7fffda, 0x7fffdb, 0x7fffdc, 0x7fffdd, 0x7fffde, 0xffffeb, 0x7fffdf,
        0xffffec, 0xffffed, 0x3fffd7, 0x7fffe0, 0xffffee, 0x7fffe1, 0x7fffe2, 0x7fffe3,
        0x7fffe4, 0x1fffdc, 0x3fffd8, 0x7fffe5, 0x3fffd9, 0x7fffe6, 0x7fffe7, 0xffffef,
        0x3fffda, 0x1fffdd, 0xfffe9, 0x3fffdb, 0x3fffdc, 0x7fffe8, 0x7fffe9, 0x1fffde,
        0x7fffea, 0x3fffdd, 0x3fffde, 0xfffff0, 0x1fffdf, 0x3fffdf, 0x7fffeb, 0x7fffec,
        0x1fffe0, 0x1fffe1, 0x3fffe0, 0x1fffe2, 0x7fffed, 0x3fffe1, 0x7fffee, 0x7fffef,
        0xfffea, 0x3fffe2, 0x3fffe3, 0x3fffe4, 0x7ffff0, 0x3fffe5, 0x3fffe6, 0x7ffff1,
        0x3ffffe0, 0x3ffffe1, 0xfffeb, 0x7fff1, 0x3fffe7, 0x7ffff2, 0x3fffe8, 0x1ffffec,
        0x3ffffe2, 0x3ffffe3, 0x3ffffe4, 0x7ffffde, 0x7ffffdf, 0x3ffffe5, 0xfffff1, 0x1ffffed,
        0x7fff2, 0x1fffe3, 0x3ffffe6, 0x7ffffe0, 0x7ffffe1, 0x3ffffe7, 0x7ffffe2, 0xfffff2,
        0x1fffe4, 0x1fffe5, 0x3ffffe8, 0x3ffffe9, 0xffffffd, 0x7ffffe3, 0x7ffffe4, 0x7ffffe5,
        0xfffec, 0xfffff3, 0xfffed, 0x1fffe6, 0x3fffe9, 0x1fffe7, 0x1fffe8, 0x7ffff3,
        0x3fffea, 0x3fffeb, 0x1ffffee, 0x1ffffef, 0xfffff4, 0xfffff5, 0x3ffffea, 0x7ffff4,
        0x3ffffeb, 0x7ffffe6, 0x3ffffec, 0x3ffffed, 0x7ffffe7, 0x7ffffe8, 0x7ffffe9, 0x7ffffea,
        0x7ffffeb, 0xffffffe, 0x7ffffec, 0x7ffffed, 0x7ffffee, 0x7ffffef, 0x7fffff0, 0x3ffffee,
        0x3fffffff,
    };

    /** RFC 7541 Appendix B: the code length in bits of each symbol. */
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };

    private static final int EOS = 256;

    // Cell layout of DECODE_TABLE: bits 0-7 first symbol, bits 8-15 second symbol, bits 16-23 next
    // state, bits 24-25 symbols emitted (0-2), bit 26 string may end here, bit 27 failure (EOS decoded).
    private static final int SECOND_SHIFT = 8;
    private static final int STATE_SHIFT = 16;
    private static final int COUNT_SHIFT = 24;
    private static final int ACCEPT = 1 << 26;
    private static final int FAIL = 1 << 27;

    /**
     * 256 internal nodes × 256 octets. HpackBench.decodeCorpusNghttp2: one lookup per input octet
     * instead of one per nibble roughly halves Huffman decoding time (the table is 256 KiB, but only
     * the rows of shallow nodes are hot).
     */
    private static final int[] DECODE_TABLE = buildDecodeTable();

    private Huffman() {
    }

    /** Returns the octets {@link #encode} writes for {@code src}. */
    static long encodedLength(byte[] src) {
        long bits = 0;
        for (byte b : src) {
            bits += LENGTHS[b & 0xFF];
        }
        return (bits + 7) >>> 3;
    }

    /**
     * Writes the Huffman encoding of {@code src}, padded with the EOS prefix (RFC 7541 §5.2), into
     * {@code dst} from {@code pos}, not past {@code limit}.
     *
     * @return the position after the last octet written
     * @throws BufferOverflowException if the encoding does not fit
     */
    static int encode(byte[] src, byte[] dst, int pos, int limit) {
        // The longest code is 30 bits, so 4 octets per symbol always fit; only a tight buffer pays
        // for the exact count (HpackBench.encodeResponse: a second pass over every string).
        if (limit - pos < 4L * src.length && limit - pos < encodedLength(src)) {
            throw new BufferOverflowException();
        }
        long bits = 0;
        int pending = 0; // bits in the low end of bits not written yet, 0-31 between symbols
        for (byte b : src) {
            int symbol = b & 0xFF;
            int length = LENGTHS[symbol];
            bits = (bits << length) | CODES[symbol];
            pending += length;
            // HpackBench.encodeCorpus: flush 32 bits at a time; pending stays below 62, so no bit is lost.
            if (pending >= 32) {
                pending -= 32;
                int word = (int) (bits >>> pending);
                dst[pos] = (byte) (word >>> 24);
                dst[pos + 1] = (byte) (word >>> 16);
                dst[pos + 2] = (byte) (word >>> 8);
                dst[pos + 3] = (byte) word;
                pos += 4;
            }
        }
        while (pending >= 8) {
            pending -= 8;
            dst[pos++] = (byte) (bits >>> pending);
        }
        if (pending > 0) {
            // RFC 7541 §5.2: pad with the most significant bits of EOS, i.e. ones.
            dst[pos++] = (byte) ((bits << (8 - pending)) | (0xFF >>> pending));
        }
        return pos;
    }

    /** Returns an upper bound on the octets that {@code encodedLength} octets decode to. */
    static int maxDecodedLength(int encodedLength) {
        // The shortest code is 5 bits.
        return (int) (((long) encodedLength * 8) / 5);
    }

    /**
     * Decodes {@code src[from, to)} into {@code dst}, which holds at least
     * {@link #maxDecodedLength(int)} octets for {@code to - from} encoded octets.
     *
     * @return the number of octets decoded
     * @throws HpackException if the string holds EOS or ends with invalid padding
     */
    static int decode(byte[] src, int from, int to, byte[] dst) {
        int[] table = DECODE_TABLE;
        int state = 0;
        int seen = 0; // the OR of every cell, for the EOS check after the loop
        int last = ACCEPT;
        int n = 0;
        int i = from;
        // HpackBench.decodeCorpusOwn: whether an octet completes one or two symbols is unpredictable,
        // so store both bytes unconditionally and advance by the count. Before the last octet n is at
        // most 8 * (length - 2) / 5, so n + 1 stays inside a dst of maxDecodedLength(length).
        for (int end = to - 1; i < end; i++) {
            int cell = table[state | (src[i] & 0xFF)];
            dst[n] = (byte) cell;
            dst[n + 1] = (byte) (cell >>> SECOND_SHIFT);
            n += (cell >>> COUNT_SHIFT) & 3;
            seen |= cell;
            state = (cell >>> (STATE_SHIFT - 8)) & 0xFF00;
        }
        for (; i < to; i++) {
            int cell = table[state | (src[i] & 0xFF)];
            int count = (cell >>> COUNT_SHIFT) & 3;
            if (count != 0) {
                dst[n] = (byte) cell;
                if (count == 2) {
                    dst[n + 1] = (byte) (cell >>> SECOND_SHIFT);
                }
                n += count;
            }
            seen |= cell;
            // the next state's row: (cell >>> STATE_SHIFT & 0xFF) << 8
            state = (cell >>> (STATE_SHIFT - 8)) & 0xFF00;
            last = cell;
        }
        // RFC 7541 §5.2: a string containing EOS is a decoding error.
        if ((seen & FAIL) != 0) {
            throw new HpackException("RFC 7541 §5.2: Huffman string contains EOS");
        }
        // RFC 7541 §5.2: padding longer than 7 bits, or not the EOS prefix, is a decoding error.
        if ((last & ACCEPT) == 0) {
            throw new HpackException("RFC 7541 §5.2: Huffman padding is not a 0-7 bit EOS prefix");
        }
        return n;
    }

    private static int[] buildDecodeTable() {
        // The tree: node 0 is the root; children[node][bit] >= 0 is an internal node, < 0 is ~symbol.
        int[][] children = new int[256][2];
        int[] onesDepth = new int[256]; // depth if the path from the root is all ones, else -1
        int nodes = 1;
        for (int symbol = 0; symbol <= EOS; symbol++) {
            int node = 0;
            for (int bit = LENGTHS[symbol] - 1; bit >= 0; bit--) {
                int b = (CODES[symbol] >>> bit) & 1;
                if (bit == 0) {
                    children[node][b] = ~symbol;
                } else {
                    if (children[node][b] == 0) {
                        onesDepth[nodes] = (b == 1 && onesDepth[node] >= 0) ? onesDepth[node] + 1 : -1;
                        children[node][b] = nodes++;
                    }
                    node = children[node][b];
                }
            }
        }
        int[] table = new int[256 * 256];
        for (int state = 0; state < 256; state++) {
            for (int octet = 0; octet < 256; octet++) {
                int node = state;
                int cell = 0;
                int count = 0;
                for (int bit = 7; bit >= 0; bit--) {
                    int next = children[node][(octet >>> bit) & 1];
                    if (next >= 0) {
                        node = next;
                    } else if (~next == EOS) {
                        cell |= FAIL;
                        node = 0;
                    } else {
                        // The shortest code is 5 bits, so an octet completes at most two symbols.
                        cell |= ~next << (SECOND_SHIFT * count);
                        count++;
                        node = 0;
                    }
                }
                if (onesDepth[node] >= 0 && onesDepth[node] <= 7) {
                    cell |= ACCEPT;
                }
                table[(state << 8) | octet] = cell | (count << COUNT_SHIFT) | (node << STATE_SHIFT);
            }
        }
        return table;
    }
}

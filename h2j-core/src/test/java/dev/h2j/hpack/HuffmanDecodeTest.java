package dev.h2j.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The table-driven Huffman decoder against a bit-at-a-time reference decoder: codes at every bit
 * offset, codes that straddle octet boundaries, padding of every length, EOS, and random input,
 * valid or not.
 */
class HuffmanDecodeTest {

    private static final String EOS_MESSAGE = "RFC 7541 §5.2: Huffman string contains EOS";
    private static final String PADDING_MESSAGE = "RFC 7541 §5.2: Huffman padding is not a 0-7 bit EOS prefix";

    /** (length << 32 | code) of every symbol, derived from the encoder; EOS is 30 ones. */
    private static final Map<Long, Integer> CODES = new HashMap<>();
    private static final int[] LENGTHS = new int[256];

    static {
        for (int symbol = 0; symbol < 256; symbol++) {
            // Eight copies of a code of l bits fill exactly l octets, so no padding hides the length.
            byte[] eight = new byte[8];
            Arrays.fill(eight, (byte) symbol);
            byte[] encoded = encode(eight);
            int length = encoded.length;
            long code = 0;
            for (int bit = 0; bit < length; bit++) {
                code = (code << 1) | ((encoded[bit >>> 3] >>> (7 - (bit & 7))) & 1);
            }
            LENGTHS[symbol] = length;
            CODES.put((long) length << 32 | code, symbol);
        }
    }

    private static byte[] encode(byte[] s) {
        byte[] out = new byte[(int) Huffman.encodedLength(s)];
        Huffman.encode(s, out, 0, out.length);
        return out;
    }

    /**
     * Decodes {@code encoded} alone in its array, then framed by octets of ones (the decoder may
     * load octets past the string), and checks that both give the same result.
     */
    private static byte[] decode(byte[] encoded) {
        byte[] dst = new byte[Huffman.maxDecodedLength(encoded.length)];
        byte[] framed = new byte[encoded.length + 19];
        Arrays.fill(framed, (byte) 0xff);
        System.arraycopy(encoded, 0, framed, 3, encoded.length);
        byte[] framedDst = new byte[dst.length];
        String framedError = null;
        int framedN = -1;
        try {
            framedN = Huffman.decode(framed, 3, 3 + encoded.length, framedDst);
        } catch (HpackException e) {
            framedError = e.getMessage();
        }
        int n;
        try {
            n = Huffman.decode(encoded, 0, encoded.length, dst);
        } catch (HpackException e) {
            assertThat(e.getMessage()).as("framed").isEqualTo(framedError);
            throw e;
        }
        assertThat(framedError).isNull();
        assertThat(Arrays.copyOf(framedDst, framedN)).as("framed").isEqualTo(Arrays.copyOf(dst, n));
        return Arrays.copyOf(dst, n);
    }

    /** Decodes one bit at a time; returns the octets, or the message of the expected error. */
    private static Object reference(byte[] encoded) {
        byte[] out = new byte[encoded.length * 8 / 5];
        int n = 0;
        long code = 0;
        int length = 0;
        for (int bit = 0; bit < encoded.length * 8; bit++) {
            code = (code << 1) | ((encoded[bit >>> 3] >>> (7 - (bit & 7))) & 1);
            length++;
            if (length == 30 && code == 0x3fffffffL) {
                return EOS_MESSAGE;
            }
            Integer symbol = CODES.get((long) length << 32 | code);
            if (symbol != null) {
                out[n++] = (byte) (int) symbol;
                code = 0;
                length = 0;
            }
        }
        if (length > 7 || code != (1L << length) - 1) {
            return PADDING_MESSAGE;
        }
        return Arrays.copyOf(out, n);
    }

    private static void assertMatchesReference(byte[] encoded) {
        Object expected = reference(encoded);
        if (expected instanceof String) {
            assertThatThrownBy(() -> decode(encoded)).as("%s", Arrays.toString(encoded))
                    .isInstanceOf(HpackException.class).hasMessage((String) expected);
        } else {
            assertThat(decode(encoded)).as("%s", Arrays.toString(encoded)).isEqualTo(expected);
        }
    }

    @Test
    void everySymbolAtEveryBitOffsetWithShortAndLongNeighbours() {
        // k codes of '0' (5 bits each) put the next code at bit offset 5k mod 8: every offset 0-7.
        byte[][] suffixes = {{}, {'a'}, {'0', '0'}, {'%'}, {(byte) 0xfe}, {10, 'x'}, {'~', 0, 'e'}};
        for (int k = 0; k < 8; k++) {
            for (int symbol = 0; symbol < 256; symbol++) {
                for (byte[] suffix : suffixes) {
                    byte[] s = new byte[k + 1 + suffix.length];
                    Arrays.fill(s, 0, k, (byte) '0');
                    s[k] = (byte) symbol;
                    System.arraycopy(suffix, 0, s, k + 1, suffix.length);
                    byte[] encoded = encode(s);
                    assertThat(decode(encoded)).as("offset %d symbol %d", k, symbol).isEqualTo(s);
                    assertMatchesReference(encoded);
                }
            }
        }
    }

    @Test
    void everyPairOfSymbolsAtEveryBitOffsetRoundTrips() {
        for (int k = 0; k < 8; k++) {
            for (int first = 0; first < 256; first++) {
                for (int second = 0; second < 256; second += 3) {
                    byte[] s = new byte[k + 2];
                    Arrays.fill(s, 0, k, (byte) 'e');
                    s[k] = (byte) first;
                    s[k + 1] = (byte) second;
                    assertThat(decode(encode(s))).isEqualTo(s);
                }
            }
        }
    }

    @Test
    void paddingOfEveryLength() {
        for (int k = 8; k < 16; k++) {
            // k codes of '0' take 5k bits, so the padding is (8 - 5k mod 8) mod 8 bits: each of 0-7 once.
            byte[] s = new byte[k];
            Arrays.fill(s, (byte) '0');
            byte[] encoded = encode(s);
            int padding = (8 - (5 * k) % 8) % 8;
            assertThat(decode(encoded)).isEqualTo(s);
            if (padding > 0) {
                // the lowest padding bit zeroed: 1...10 of at most 7 bits is neither a code nor padding
                byte[] lowZero = encoded.clone();
                lowZero[lowZero.length - 1] &= (byte) ~1;
                assertThatThrownBy(() -> decode(lowZero)).isInstanceOf(HpackException.class)
                        .hasMessage(PADDING_MESSAGE);
            }
            for (int bit = 0; bit < padding; bit++) {
                byte[] zeroed = encoded.clone();
                zeroed[zeroed.length - 1] &= (byte) ~(1 << bit);
                // mostly a padding error; a zero may also complete a code, e.g. 011111 is '7'
                assertMatchesReference(zeroed);
            }
            // 8 to 29 ones of padding: too long; 30 or more: EOS.
            for (int extra = 1; extra <= 5; extra++) {
                byte[] longer = Arrays.copyOf(encoded, encoded.length + extra);
                Arrays.fill(longer, encoded.length, longer.length, (byte) 0xff);
                String message = padding + 8 * extra >= 30 ? EOS_MESSAGE : PADDING_MESSAGE;
                assertThatThrownBy(() -> decode(longer)).as("padding %d + %d octets", padding, extra)
                        .isInstanceOf(HpackException.class).hasMessage(message);
                assertMatchesReference(longer);
            }
        }
    }

    @Test
    void eosAtEveryBitOffsetIsAnError() {
        for (int k = 0; k < 8; k++) {
            // k codes of '0', EOS, then ones to the octet boundary
            int bits = 5 * k + 30;
            byte[] encoded = new byte[(bits + 7) / 8];
            for (int bit = 5 * k; bit < encoded.length * 8; bit++) {
                encoded[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
            }
            assertThatThrownBy(() -> decode(encoded)).isInstanceOf(HpackException.class).hasMessage(EOS_MESSAGE);
            byte[] followed = Arrays.copyOf(encoded, encoded.length + 2); // then codes of zeros
            assertThatThrownBy(() -> decode(followed)).isInstanceOf(HpackException.class).hasMessage(EOS_MESSAGE);
        }
    }

    @Test
    void inputEndingInsideALongCodeIsAPaddingError() {
        // 'a' (5 bits) and 0xfe (27 bits) fill 4 octets: cut after 1, 2, 3 octets
        byte[] encoded = encode(new byte[] {'a', (byte) 0xfe});
        for (int cut = 1; cut < encoded.length; cut++) {
            byte[] truncated = Arrays.copyOf(encoded, cut);
            assertMatchesReference(truncated);
        }
    }

    @Test
    void randomStringsRoundTrip() {
        Random random = new Random(7541);
        for (int i = 0; i < 20_000; i++) {
            byte[] s = new byte[random.nextInt(40)];
            for (int j = 0; j < s.length; j++) {
                // mostly header-like octets, sometimes any octet
                s[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
            }
            byte[] encoded = encode(s);
            assertThat(decode(encoded)).isEqualTo(s);
            // the decoder also works from an offset inside a larger array
            byte[] framed = new byte[encoded.length + 6];
            System.arraycopy(encoded, 0, framed, 3, encoded.length);
            byte[] dst = new byte[Huffman.maxDecodedLength(encoded.length)];
            int n = Huffman.decode(framed, 3, 3 + encoded.length, dst);
            assertThat(Arrays.copyOf(dst, n)).isEqualTo(s);
        }
    }

    @Test
    void randomOctetsMatchTheReference() {
        Random random = new Random(5_2);
        for (int i = 0; i < 50_000; i++) {
            byte[] encoded = new byte[random.nextInt(12)];
            int ones = random.nextInt(4); // bias towards ones: long codes, EOS and padding
            for (int j = 0; j < encoded.length; j++) {
                int b = random.nextInt(256);
                for (int o = 0; o < ones; o++) {
                    b |= random.nextInt(256);
                }
                encoded[j] = (byte) b;
            }
            assertMatchesReference(encoded);
        }
    }

    @Test
    void symbolLengthsAreThoseOfAppendixB() {
        // spot checks that the reference's code table is derived correctly
        assertThat(LENGTHS['0']).isEqualTo(5);
        assertThat(LENGTHS[' ']).isEqualTo(6);
        assertThat(LENGTHS[0]).isEqualTo(13);
        assertThat(LENGTHS[10]).isEqualTo(30);
        assertThat(CODES).hasSize(256);
    }
}

package dev.h2j.hpack;

import static dev.h2j.hpack.Hpack.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The prefix integers of RFC 7541 §5.1 and h2j's bounds on them. */
class IntegerTest {

    private static byte[] encode(int flags, int prefixBits, int value) {
        byte[] out = new byte[HpackInteger.MAX_ENCODED_LENGTH];
        return Arrays.copyOf(out, HpackInteger.encode(out, 0, flags, prefixBits, value));
    }

    private static int decode(byte[] encoded, int prefixBits) {
        long decoded = HpackInteger.decode(encoded, 1, encoded.length, encoded[0] & 0xFF, prefixBits);
        assertThat(HpackInteger.position(decoded)).as("consumed every octet").isEqualTo(encoded.length);
        return HpackInteger.value(decoded);
    }

    @Test
    void boundaryValuesRoundTripForEveryPrefix() {
        for (int prefix = 1; prefix <= 8; prefix++) {
            int max = (1 << prefix) - 1;
            int[] values = {0, 1, max - 1, max, max + 1, max + 127, max + 128, max + 16383, max + 16384,
                Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
            for (int value : values) {
                if (value < 0) {
                    continue;
                }
                byte[] encoded = encode(0, prefix, value);
                assertThat(encoded).as("prefix %d value %d", prefix, value)
                        .hasSize(HpackInteger.encodedLength(prefix, value));
                assertThat(decode(encoded, prefix)).as("prefix %d value %d", prefix, value).isEqualTo(value);
            }
        }
    }

    @Test
    void valueBelowThePrefixMaximumFitsOneOctet() {
        assertThat(encode(0x20, 5, 30)).containsExactly(0x3e);
        assertThat(encode(0x20, 5, 31)).containsExactly(0x3f, 0x00);
    }

    @Test
    void flagsAboveThePrefixAreIgnoredWhenDecoding() {
        assertThat(decode(hex("ea"), 5)).isEqualTo(10); // 111 01010
    }

    @Test
    void maxValueTakesFiveContinuationOctets() {
        // 2^31-1 - 31 = 2147483616 = 0x7fffffe0
        assertThat(Hpack.hex(encode(0, 5, Integer.MAX_VALUE))).isEqualTo("1fe0ffffff07");
    }

    @Test
    void valueAboveTwoToTheThirtyOneMinusOneIsRejected() {
        // 31 + 0x7fffffe1 = 2^31
        assertThatThrownBy(() -> decode(hex("1f e1ffffff07"), 5))
                .isInstanceOf(HpackException.class).hasMessage("RFC 7541 §5.1: integer exceeds 2^31-1");
        assertThatThrownBy(() -> decode(hex("1f ffffffff0f"), 5)).isInstanceOf(HpackException.class);
    }

    @Test
    void paddedEncodingWithinFiveContinuationOctetsIsAccepted() {
        // 31 + 0, spelled with four redundant continuation octets
        assertThat(decode(hex("1f 8080808000"), 5)).isEqualTo(31);
    }

    @Test
    void insidiousEncodingWithMoreThanFiveContinuationOctetsIsRejected() {
        assertThatThrownBy(() -> decode(hex("1f 808080808000"), 5))
                .isInstanceOf(HpackException.class).hasMessageContaining("continuation octets");
        assertThatThrownBy(() -> decode(hex("ff 80808080808080808000"), 7)).isInstanceOf(HpackException.class);
    }

    @Test
    void truncatedIntegerIsRejected() {
        assertThatThrownBy(() -> decode(hex("1f"), 5))
                .isInstanceOf(HpackException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode(hex("1f 80"), 5)).isInstanceOf(HpackException.class);
    }
}

package dev.h2j.hpack;

import static dev.h2j.hpack.Hpack.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Huffman code of RFC 7541 Appendix B and the padding rules of §5.2. */
class HuffmanTest {

    private static byte[] encode(byte[] s) {
        byte[] out = new byte[(int) Huffman.encodedLength(s)];
        assertThat(Huffman.encode(s, out, 0, out.length)).as("encodedLength is exact").isEqualTo(out.length);
        return out;
    }

    private static byte[] decode(byte[] encoded) {
        byte[] dst = new byte[Huffman.maxDecodedLength(encoded.length)];
        int n = Huffman.decode(encoded, 0, encoded.length, dst);
        return Arrays.copyOf(dst, n);
    }

    @Test
    void everyOctetRoundTripsAlone() {
        for (int b = 0; b < 256; b++) {
            byte[] s = {(byte) b};
            assertThat(decode(encode(s))).as("octet %d", b).isEqualTo(s);
        }
    }

    @Test
    void allOctetsRoundTripInOneString() {
        byte[] s = new byte[512];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (i * 7);
        }
        assertThat(decode(encode(s))).isEqualTo(s);
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 7541 C.4 and C.6
        "www.example.com, f1e3c2e5f23a6ba0ab90f4ff",
        "no-cache, a8eb10649cbf",
        "custom-key, 25a849e95ba97d7f",
        "custom-value, 25a849e95bb8e8b4bf",
        "302, 6402",
        "307, 640eff",
        "private, aec3771a4b",
        "'Mon, 21 Oct 2013 20:13:21 GMT', d07abe941054d444a8200595040b8166e082a62d1bff",
        "https://www.example.com, 9d29ad171863c78f0b97c8e9ae82ae43d3",
        "gzip, 9bd9ab",
        "'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1', "
                + "94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
        "'', ''",
    })
    void rfcExamplesEncodeAndDecode(String text, String encoded) {
        byte[] s = text.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(hex(encode(s))).isEqualTo(encoded);
        assertThat(Huffman.encodedLength(s)).isEqualTo(encoded.length() / 2);
        assertThat(decode(hex(encoded))).isEqualTo(s);
    }

    @Test
    void encodedLengthSumsCodeLengths() {
        // '0' is 5 bits, 'a' 5 bits, '&' 8 bits, 0x00 13 bits: 31 bits -> 4 octets.
        assertThat(Huffman.encodedLength(new byte[] {'0', 'a', '&', 0})).isEqualTo(4);
        assertThat(Huffman.encodedLength(new byte[0])).isZero();
    }

    @Test
    void eosInsideTheStringIsAnError() {
        // EOS is 30 ones; 32 ones complete it.
        assertThatThrownBy(() -> decode(hex("ffffffff")))
                .isInstanceOf(HpackException.class).hasMessageContaining("§5.2").hasMessageContaining("EOS");
        // '0' (00000) then EOS then padding
        assertThatThrownBy(() -> decode(hex("07ffffff ff")))
                .isInstanceOf(HpackException.class).hasMessageContaining("EOS");
    }

    @Test
    void paddingLongerThanSevenBitsIsAnError() {
        assertThatThrownBy(() -> decode(hex("ff")))
                .isInstanceOf(HpackException.class).hasMessageContaining("§5.2").hasMessageContaining("padding");
        // '0' (00000) + 111, then 8 more ones: 11 bits of padding
        assertThatThrownBy(() -> decode(hex("07ff"))).isInstanceOf(HpackException.class);
    }

    @Test
    void paddingThatIsNotAllOnesIsAnError() {
        // '0' (00000) + 110
        assertThatThrownBy(() -> decode(hex("06")))
                .isInstanceOf(HpackException.class).hasMessageContaining("padding");
        // 00000 000: '0' and an unfinished code of zeros
        assertThatThrownBy(() -> decode(hex("00"))).isInstanceOf(HpackException.class);
    }

    @Test
    void sevenBitsOfOnesArePadding() {
        assertThat(decode(hex("07"))).isEqualTo(new byte[] {'0'}); // 00000 111
    }
}

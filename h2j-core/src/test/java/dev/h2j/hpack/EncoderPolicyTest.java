package dev.h2j.hpack;

import static dev.h2j.hpack.Hpack.decode;
import static dev.h2j.hpack.Hpack.fields;
import static dev.h2j.hpack.Hpack.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which representation the encoder picks, and when it signals table size updates. */
class EncoderPolicyTest {

    private static final HpackEncoder.Builder RAW = HpackEncoder.builder().huffman(HuffmanPolicy.NEVER);

    private static String firstOctets(HpackEncoder encoder, HeaderField field, int count) {
        return hex(encoder.encode(List.of(field))).substring(0, 2 * count);
    }

    @Test
    void sensitiveFieldIsNeverIndexedEvenWhenTheTableHoldsIt() {
        HpackEncoder encoder = RAW.build();
        // 12: never indexed (0001), name index 2 (:method); 03 "GET"
        assertThat(hex(encoder.encode(List.of(HeaderField.sensitive(":method", "GET"))))).isEqualTo("1203474554");
        // 10: never indexed, new name
        assertThat(firstOctets(encoder, HeaderField.sensitive("x-secret", "v"), 1)).isEqualTo("10");
        assertThat(encoder.dynamicTable().length()).isZero();

        HpackDecoder decoder = new HpackDecoder(4096, 4096);
        HeaderField decoded = decode(decoder, encoder.encode(List.of(HeaderField.sensitive("x-secret", "v")))).get(0);
        assertThat(decoded.sensitive()).isTrue();
    }

    @Test
    void sensitiveFieldReusesADynamicName() {
        HpackEncoder encoder = RAW.indexing(IndexingPolicy.ALWAYS).build();
        encoder.encode(fields("x-token", "a"));
        // 1f 2f: never indexed, name index 15 + 47 = 62
        assertThat(firstOctets(encoder, HeaderField.sensitive("x-token", "b"), 2)).isEqualTo("1f2f");
        assertThat(encoder.dynamicTable().length()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        // never indexed: 0001 + 4-bit name index (15 + rest)
        "authorization, Basic dXNlcjpwYXNz, 1f08",
        "proxy-authorization, Basic dXNlcjpwYXNz, 1f22",
        "cookie, id=1, 1f11",
        "set-cookie, id=1, 1f28",
        // without indexing: 0000 + 4-bit name index
        ":path, /search?q=1, 04",
        "content-length, 42, 0f0d",
        "etag, \"abc\", 0f13",
        "if-modified-since, 'Mon, 21 Oct 2013 20:13:21 GMT', 0f19",
        "if-none-match, \"abc\", 0f1a",
        "age, 10, 0f06",
        "location, /next?page=2, 0f1f",
        "content-range, bytes 0-9/10, 0f0f",
        "x-request-id, 1234, 00",
        // incremental: 01 + 6-bit name index
        ":path, /index.php, 44",
        "location, /next, 6e",
        "date, 'Mon, 21 Oct 2013 20:13:21 GMT', 61",
        "last-modified, 'Mon, 21 Oct 2013 20:13:21 GMT', 6c",
        "cookie, session=0123456789abcdefghij, 60",
        "x-custom, v, 40",
    })
    void defaultPolicyPicksTheRepresentation(String name, String value, String prefix) {
        HpackEncoder encoder = RAW.indexing(IndexingPolicy.DEFAULT).build();
        assertThat(firstOctets(encoder, HeaderField.of(name, value), prefix.length() / 2)).isEqualTo(prefix);
        assertThat(encoder.dynamicTable().length()).isEqualTo(prefix.startsWith("4") || prefix.startsWith("6") ? 1 : 0);
    }

    @Test
    void defaultPolicyDoesNotIndexAFieldLargerThanThreeQuartersOfTheTable() {
        HpackEncoder encoder = RAW.build();
        encoder.setMaxTableSize(100);
        encoder.encode(List.of());
        // 1 + 42 + 32 = 75 = 3/4 of 100: indexed; 76 is not
        assertThat(firstOctets(encoder, HeaderField.of("a", "x".repeat(42)), 1)).isEqualTo("40");
        assertThat(firstOctets(encoder, HeaderField.of("b", "x".repeat(43)), 1)).isEqualTo("00");
    }

    @Test
    void exactMatchInTheDynamicTableIsIndexed() {
        HpackEncoder encoder = RAW.indexing(IndexingPolicy.ALWAYS).build();
        encoder.encode(fields("x-a", "1", "x-b", "2"));
        // be = 62 (x-b, newest), bf = 63 (x-a)
        assertThat(hex(encoder.encode(fields("x-a", "1", "x-b", "2")))).isEqualTo("bfbe");
        // a static name beats a dynamic one: 0f 10 = without indexing, name index 31 (content-type)
        encoder.encode(fields("content-type", "text/html"));
        HpackEncoder never = RAW.indexing(IndexingPolicy.NEVER).build();
        assertThat(firstOctets(never, HeaderField.of("content-type", "a"), 2)).isEqualTo("0f10");
    }

    @Test
    void huffmanIsUsedOnlyWhenStrictlyShorter() {
        HpackEncoder encoder = HpackEncoder.builder().indexing(IndexingPolicy.NEVER).build();
        // 8c: Huffman, 12 octets < 15
        assertThat(hex(encoder.encode(fields(":authority", "www.example.com"))).substring(0, 4)).isEqualTo("018c");
        // "307" is 3 octets either way: raw
        assertThat(hex(encoder.encode(fields(":status", "307")))).isEqualTo("0803333037");
        // "~~~" Huffman-codes to 13 bits per octet: raw
        assertThat(hex(encoder.encode(fields(":status", "~~~")))).isEqualTo("0803 7e7e7e".replace(" ", ""));
        HpackEncoder always = HpackEncoder.builder().indexing(IndexingPolicy.NEVER)
                .huffman(HuffmanPolicy.ALWAYS).build();
        assertThat(hex(always.encode(fields(":status", "307")))).isEqualTo("0883640eff");
    }

    @Test
    void loweringThenRaisingBetweenBlocksSignalsTheMinimumThenTheFinalSize() {
        HpackEncoder encoder = new HpackEncoder();
        encoder.setMaxTableSize(100);
        encoder.setMaxTableSize(4096);
        assertThat(encoder.maxTableSize()).isEqualTo(4096);
        // 3f45 = update to 100, 3fe11f = update to 4096, 82 = :method GET
        assertThat(hex(encoder.encode(fields(":method", "GET")))).isEqualTo("3f453fe11f82");
        assertThat(hex(encoder.encode(fields(":method", "GET")))).isEqualTo("82");
    }

    @Test
    void loweringSignalsOneUpdateAndEvicts() {
        HpackEncoder encoder = RAW.indexing(IndexingPolicy.ALWAYS).build();
        encoder.encode(fields("x-a", "1"));
        encoder.setMaxTableSize(4096);
        assertThat(hex(encoder.encode(List.of()))).isEmpty();
        encoder.setMaxTableSize(0);
        encoder.setMaxTableSize(8);
        encoder.setMaxTableSize(0);
        assertThat(hex(encoder.encode(List.of()))).isEqualTo("20");
        assertThat(encoder.dynamicTable().length()).isZero();
    }

    @Test
    void capBelowTheProtocolDefaultIsSignalledInTheFirstBlock() {
        HpackEncoder encoder = HpackEncoder.builder().maxTableSize(0).build();
        assertThat(encoder.maxTableSize()).isZero();
        assertThat(hex(encoder.encode(fields(":method", "GET")))).isEqualTo("2082");
        encoder.setMaxTableSize(65536); // the cap still wins
        assertThat(hex(encoder.encode(fields(":method", "GET")))).isEqualTo("82");
    }

    @Test
    void refusedEncodeChangesNothing() {
        HpackEncoder encoder = RAW.indexing(IndexingPolicy.ALWAYS).build();
        encoder.setMaxTableSize(256);
        List<HeaderField> fields = fields("x-a", "1");
        ByteBuffer small = ByteBuffer.allocate(encoder.maxEncodedLength(fields) - 1);
        assertThatThrownBy(() -> encoder.encode(fields, small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remaining");
        assertThat(small.position()).isZero();
        assertThat(encoder.dynamicTable().length()).isZero();
        assertThatThrownBy(() -> encoder.encode(fields, ByteBuffer.allocate(100).asReadOnlyBuffer()))
                .isInstanceOf(ReadOnlyBufferException.class);
        // 3f e1 01: the pending update to 256 is still sent
        assertThat(hex(encoder.encode(fields))).startsWith("3fe101");
        assertThat(encoder.dynamicTable().length()).isEqualTo(1);
    }

    @Test
    void encodeAppendsAtThePosition() {
        ByteBuffer out = ByteBuffer.allocate(64);
        out.put((byte) 0x77);
        new HpackEncoder().encode(fields(":method", "GET"), out);
        assertThat(out.position()).isEqualTo(2);
        assertThat(out.get(1)).isEqualTo((byte) 0x82);
    }

    @Test
    void maxEncodedLengthBoundsHuffmanAlways() {
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanPolicy.ALWAYS).build();
        List<HeaderField> fields = fields("x-a", "\u0000\u0001\u0002\u0003");
        assertThat(encoder.encode(fields).length).isLessThanOrEqualTo(encoder.maxEncodedLength(fields));
    }

    @Test
    void invalidArgumentsAreRejected() {
        HpackEncoder encoder = new HpackEncoder();
        assertThatThrownBy(() -> encoder.encode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> encoder.encode(java.util.Arrays.asList((HeaderField) null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> encoder.setMaxTableSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HpackEncoder.builder().maxTableSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HpackEncoder.builder().indexing(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HpackEncoder.builder().huffman(null)).isInstanceOf(NullPointerException.class);
    }
}

package dev.h2j.hpack;

import static dev.h2j.hpack.Hpack.decode;
import static dev.h2j.hpack.Hpack.entries;
import static dev.h2j.hpack.Hpack.fields;
import static dev.h2j.hpack.Hpack.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of RFC 7541 Appendix C, byte-exact in both directions. */
class AppendixCTest {

    private static final int DEFAULT_LIST_SIZE = 1 << 16;

    // C.1 Integer representation

    @Test
    void c11TenFitsAFiveBitPrefix() {
        assertInteger(5, 10, "0a"); // 01010 in the prefix
    }

    @Test
    void c12ThirteenThirtySevenTakesTwoContinuationOctets() {
        // 11111 (31), then 1337 - 31 = 1306 = 0b10100_0011010: 1|0011010 (0x9a), 0|0001010 (0x0a)
        assertInteger(5, 1337, "1f 9a 0a");
    }

    @Test
    void c13FortyTwoAtAnOctetBoundaryFitsAnEightBitPrefix() {
        assertInteger(8, 42, "2a");
    }

    private static void assertInteger(int prefixBits, int value, String expected) {
        byte[] out = new byte[8];
        int end = HpackInteger.encode(out, 0, 0, prefixBits, value);
        assertThat(hex(java.util.Arrays.copyOf(out, end))).isEqualTo(expected.replace(" ", ""));
        assertThat(HpackInteger.encodedLength(prefixBits, value)).isEqualTo(end);
        byte[] in = hex(expected);
        long decoded = HpackInteger.decode(in, 1, in.length, in[0] & 0xFF, prefixBits);
        assertThat(HpackInteger.value(decoded)).isEqualTo(value);
        assertThat(HpackInteger.position(decoded)).isEqualTo(in.length);
    }

    // C.2 Header field representations

    @Test
    void c21LiteralWithIncrementalIndexingEntersTheTable() {
        byte[] block = hex(
                "40" // literal with incremental indexing, new name
                + "0a 637573746f6d2d6b6579" // name length 10, "custom-key"
                + "0d 637573746f6d2d686561646572"); // value length 13, "custom-header"
        HpackEncoder encoder = HpackEncoder.builder()
                .indexing(IndexingPolicy.ALWAYS).huffman(HuffmanPolicy.NEVER).build();
        assertThat(encoder.encode(fields("custom-key", "custom-header"))).isEqualTo(block);
        assertThat(entries(encoder.dynamicTable())).containsExactly("custom-key: custom-header");

        HpackDecoder decoder = new HpackDecoder(4096, DEFAULT_LIST_SIZE);
        assertThat(decode(decoder, block)).containsExactly(HeaderField.of("custom-key", "custom-header"));
        assertThat(entries(decoder.dynamicTable())).containsExactly("custom-key: custom-header");
        assertThat(decoder.dynamicTable().size()).isEqualTo(55);
    }

    @Test
    void c22LiteralWithoutIndexingLeavesTheTableEmpty() {
        // 04: literal without indexing, name index 4 (:path); 0c: length 12; "/sample/path"
        byte[] block = hex("04 0c 2f73616d706c652f70617468");
        HpackEncoder encoder = HpackEncoder.builder()
                .indexing(IndexingPolicy.NEVER).huffman(HuffmanPolicy.NEVER).build();
        assertThat(encoder.encode(fields(":path", "/sample/path"))).isEqualTo(block);
        assertThat(encoder.dynamicTable().length()).isZero();

        HpackDecoder decoder = new HpackDecoder(4096, DEFAULT_LIST_SIZE);
        List<HeaderField> decoded = decode(decoder, block);
        assertThat(decoded).containsExactly(HeaderField.of(":path", "/sample/path"));
        assertThat(decoded.get(0).sensitive()).isFalse();
        assertThat(decoder.dynamicTable().length()).isZero();
    }

    @Test
    void c23LiteralNeverIndexedDecodesAsSensitive() {
        // 10: never indexed, new name; 08 "password"; 06 "secret"
        byte[] block = hex("10 08 70617373776f7264 06 736563726574");
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanPolicy.NEVER).build();
        assertThat(encoder.encode(List.of(HeaderField.sensitive("password", "secret")))).isEqualTo(block);
        assertThat(encoder.dynamicTable().length()).isZero();

        HpackDecoder decoder = new HpackDecoder(4096, DEFAULT_LIST_SIZE);
        List<HeaderField> decoded = decode(decoder, block);
        assertThat(decoded).containsExactly(HeaderField.of("password", "secret"));
        assertThat(decoded.get(0).sensitive()).isTrue();
        assertThat(decoder.dynamicTable().length()).isZero();
    }

    @Test
    void c24IndexedFieldHandsOutTheStaticEntry() {
        byte[] block = hex("82"); // indexed, index 2 (:method: GET)
        assertThat(new HpackEncoder().encode(fields(":method", "GET"))).isEqualTo(block);

        HpackDecoder decoder = new HpackDecoder(4096, DEFAULT_LIST_SIZE);
        List<HeaderField> decoded = decode(decoder, block);
        assertThat(decoded).containsExactly(HeaderField.of(":method", "GET"));
        assertThat(decoded.get(0)).isSameAs(StaticTable.get(2));
    }

    // C.3 / C.4 Requests

    private static final List<List<HeaderField>> REQUESTS = List.of(
            fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"),
            fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com",
                    "cache-control", "no-cache"),
            fields(":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority", "www.example.com",
                    "custom-key", "custom-value"));

    private static final List<List<String>> REQUEST_TABLES = List.of(
            List.of(":authority: www.example.com"),
            List.of("cache-control: no-cache", ":authority: www.example.com"),
            List.of("custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com"));

    private static final int[] REQUEST_TABLE_SIZES = {57, 110, 164};

    @Test
    void c3RequestsWithoutHuffman() {
        assertStory(4096, HuffmanPolicy.NEVER, REQUESTS, List.of(
                // 82 :method GET, 86 :scheme http, 84 :path /, 41 literal indexed name 1 (:authority),
                // 0f "www.example.com"
                hex("82 86 84 41 0f 7777772e6578616d706c652e636f6d"),
                // be = index 62, the dynamic :authority; 58 literal indexed name 24 (cache-control), 08 "no-cache"
                hex("82 86 84 be 58 08 6e6f2d6361636865"),
                // 87 :scheme https, 85 :path /index.html, bf = index 63; 40 new name "custom-key" "custom-value"
                hex("82 87 85 bf 40 0a 637573746f6d2d6b6579 0c 637573746f6d2d76616c7565")),
                REQUEST_TABLES, REQUEST_TABLE_SIZES);
    }

    @Test
    void c4RequestsWithHuffman() {
        List<byte[]> blocks = List.of(
                // 8c: Huffman, 12 octets of "www.example.com"
                hex("82 86 84 41 8c f1e3c2e5f23a6ba0ab90f4ff"),
                hex("82 86 84 be 58 86 a8eb10649cbf"),
                hex("82 87 85 bf 40 88 25a849e95ba97d7f 89 25a849e95bb8e8b4bf"));
        assertStory(4096, HuffmanPolicy.SHORTER, REQUESTS, blocks, REQUEST_TABLES, REQUEST_TABLE_SIZES);
        assertStory(4096, HuffmanPolicy.ALWAYS, REQUESTS, blocks, REQUEST_TABLES, REQUEST_TABLE_SIZES);
    }

    // C.5 / C.6 Responses, table size 256

    private static final List<List<HeaderField>> RESPONSES = List.of(
            fields(":status", "302", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:21 GMT",
                    "location", "https://www.example.com"),
            fields(":status", "307", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:21 GMT",
                    "location", "https://www.example.com"),
            fields(":status", "200", "cache-control", "private", "date", "Mon, 21 Oct 2013 20:13:22 GMT",
                    "location", "https://www.example.com", "content-encoding", "gzip",
                    "set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"));

    private static final List<List<String>> RESPONSE_TABLES = List.of(
            List.of("location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                    "cache-control: private", ":status: 302"),
            List.of(":status: 307", "location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT",
                    "cache-control: private"),
            List.of("set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
                    "content-encoding: gzip", "date: Mon, 21 Oct 2013 20:13:22 GMT"));

    private static final int[] RESPONSE_TABLE_SIZES = {222, 222, 215};

    @Test
    void c5ResponsesWithoutHuffmanEvictOldestEntries() {
        assertStory(256, HuffmanPolicy.NEVER, RESPONSES, List.of(
                hex("""
                    48 03 333032
                    58 07 70726976617465
                    61 1d 4d6f6e2c203231204f637420323031332032303a31333a323120474d54
                    6e 17 68747470733a2f2f7777772e6578616d706c652e636f6d"""),
                // 48 03 "307" evicts :status 302; c1 c0 bf: indices 65, 64, 63
                hex("48 03 333037 c1 c0 bf"),
                hex("""
                    88 c1
                    61 1d 4d6f6e2c203231204f637420323031332032303a31333a323220474d54
                    c0
                    5a 04 677a6970
                    77 38 666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31""")),
                RESPONSE_TABLES, RESPONSE_TABLE_SIZES);
    }

    @Test
    void c6ResponsesWithHuffmanEvictOldestEntries() {
        // ALWAYS: C.6.2 Huffman-codes "307" although that saves nothing (3 octets either way).
        assertStory(256, HuffmanPolicy.ALWAYS, RESPONSES, List.of(
                hex("""
                    48 82 6402
                    58 85 aec3771a4b
                    61 96 d07abe941054d444a8200595040b8166e082a62d1bff
                    6e 91 9d29ad171863c78f0b97c8e9ae82ae43d3"""),
                hex("48 83 640eff c1 c0 bf"),
                hex("""
                    88 c1
                    61 96 d07abe941054d444a8200595040b8166e084a62d1bff
                    c0
                    5a 83 9bd9ab
                    77 ad 94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007""")),
                RESPONSE_TABLES, RESPONSE_TABLE_SIZES);
    }

    /**
     * Encodes each header list and compares with the RFC block, then decodes the RFC block; checks
     * both dynamic tables after each block. Appendix C assumes both tables start at {@code tableSize};
     * our encoder starts from the protocol's 4096, so below 4096 its first block carries one extra
     * size update (001 + 5-bit prefix) in front of the RFC bytes.
     */
    private static void assertStory(int tableSize, HuffmanPolicy huffman, List<List<HeaderField>> lists,
            List<byte[]> blocks, List<List<String>> tables, int[] sizes) {
        HpackEncoder encoder = HpackEncoder.builder()
                .maxTableSize(tableSize).indexing(IndexingPolicy.ALWAYS).huffman(huffman).build();
        HpackDecoder decoder = new HpackDecoder(tableSize, DEFAULT_LIST_SIZE);
        for (int i = 0; i < lists.size(); i++) {
            byte[] expected = blocks.get(i);
            if (i == 0 && tableSize < 4096) {
                byte[] update = new byte[6 + expected.length];
                int end = HpackInteger.encode(update, 0, 0x20, 5, tableSize);
                System.arraycopy(expected, 0, update, end, expected.length);
                assertThat(hex(encoder.encode(lists.get(i)))).isEqualTo(hex(
                        java.util.Arrays.copyOf(update, end + expected.length)));
            } else {
                assertThat(hex(encoder.encode(lists.get(i)))).isEqualTo(hex(expected));
            }
            assertThat(entries(encoder.dynamicTable())).containsExactlyElementsOf(tables.get(i));
            assertThat(encoder.dynamicTable().size()).isEqualTo(sizes[i]);

            assertThat(decode(decoder, expected)).containsExactlyElementsOf(lists.get(i));
            assertThat(entries(decoder.dynamicTable())).containsExactlyElementsOf(tables.get(i));
            assertThat(decoder.dynamicTable().size()).isEqualTo(sizes[i]);
        }
    }
}

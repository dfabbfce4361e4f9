package dev.h2j.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random header lists round-trip; random octets never break the decoder in unexpected ways. */
class PropertyTest {

    @Provide
    Arbitrary<HeaderField> fields() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(12),
                Arbitraries.of(":method", ":path", "cookie", "authorization", "content-type", "date", "x-request-id"));
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        return Combinators.combine(names, values, Arbitraries.integers().between(0, 9))
                .as((name, value, sensitivity) -> sensitivity == 0
                        ? HeaderField.sensitive(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), value)
                        : HeaderField.of(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), value));
    }

    @Provide
    Arbitrary<List<List<HeaderField>>> blocks() {
        return fields().list().ofMaxSize(12).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 300)
    void randomHeaderListsRoundTrip(@ForAll("blocks") List<List<HeaderField>> blocks,
            @ForAll @IntRange(min = 0, max = 600) int tableSize, @ForAll @IntRange(min = 0, max = 600) int cap,
            @ForAll IndexingChoice indexing, @ForAll HuffmanPolicy huffman) {
        HpackEncoder encoder = HpackEncoder.builder().maxTableSize(cap).indexing(indexing.policy).huffman(huffman)
                .build();
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        int block = 0;
        for (List<HeaderField> fields : blocks) {
            if (block++ % 2 == 1) {
                decoder.setMaxTableSize(tableSize);
                encoder.setMaxTableSize(tableSize);
            }
            ByteBuffer out = ByteBuffer.allocate(encoder.maxEncodedLength(fields));
            encoder.encode(fields, out);
            out.flip();
            List<HeaderField> decoded = new ArrayList<>();
            decoder.decode(out, decoded::add);
            assertThat(decoded).containsExactlyElementsOf(fields);
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).sensitive()) {
                    assertThat(decoded.get(i).sensitive()).isTrue();
                }
            }
            assertThat(Hpack.entries(decoder.dynamicTable())).containsExactlyElementsOf(
                    Hpack.entries(encoder.dynamicTable()));
        }
    }

    /** The policies, as an enum jqwik can generate. */
    enum IndexingChoice {
        DEFAULT(IndexingPolicy.DEFAULT), ALWAYS(IndexingPolicy.ALWAYS), NEVER(IndexingPolicy.NEVER);

        final IndexingPolicy policy;

        IndexingChoice(IndexingPolicy policy) {
            this.policy = policy;
        }
    }

    @Property(tries = 2000)
    void randomOctetsOnlyEverThrowHpackException(@ForAll @Size(max = 64) byte[] block,
            @ForAll @IntRange(min = 0, max = 300) int listBudget) {
        HpackDecoder decoder = new HpackDecoder(256, listBudget);
        try {
            decoder.decode(ByteBuffer.wrap(block));
        } catch (HpackException expected) {
            // Malformed or oversized: the only failure a peer may cause.
        }
    }

    @Property(tries = 1000)
    void randomOctetsRoundTripThroughHuffman(@ForAll @Size(max = 100) byte[] s) {
        byte[] out = new byte[(int) Huffman.encodedLength(s)];
        Huffman.encode(s, out, 0, out.length);
        byte[] dst = new byte[Huffman.maxDecodedLength(out.length)];
        int n = Huffman.decode(out, 0, out.length, dst);
        assertThat(java.util.Arrays.copyOf(dst, n)).isEqualTo(s);
    }
}

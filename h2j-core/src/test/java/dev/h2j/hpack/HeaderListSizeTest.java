package dev.h2j.hpack;

import static dev.h2j.hpack.Hpack.decode;
import static dev.h2j.hpack.Hpack.entries;
import static dev.h2j.hpack.Hpack.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2, §10.5.1): an oversized list is a stream error,
 * the block is still decoded to its end so the dynamic table stays in sync.
 */
class HeaderListSizeTest {

    @Test
    void oversizedBlockKeepsTheTableInSyncAndThrowsAStreamError() {
        HpackEncoder encoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        // 1 + 60 + 32 = 93, then 1 + 1 + 32 = 34: 127 > 100
        byte[] block = encoder.encode(fields("a", "x".repeat(60), "b", "1"));
        HpackDecoder decoder = new HpackDecoder(4096, 100);
        List<HeaderField> delivered = new ArrayList<>();

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(block), delivered::add))
                .isInstanceOfSatisfying(HeaderListSizeException.class, e -> {
                    assertThat(e.isConnectionError()).isFalse();
                    assertThat(e.headerListSize()).isEqualTo(127);
                    assertThat(e.limit()).isEqualTo(100);
                    assertThat(e).hasMessageContaining("§6.5.2");
                });
        assertThat(delivered).containsExactly(HeaderField.of("a", "x".repeat(60)));
        assertThat(entries(decoder.dynamicTable())).containsExactlyElementsOf(entries(encoder.dynamicTable()));

        // The next block refers to the entry the oversized block indexed.
        assertThat(decode(decoder, encoder.encode(fields("b", "1")))).containsExactly(HeaderField.of("b", "1"));
    }

    @Test
    void listExactlyAtTheLimitIsAccepted() {
        HpackDecoder decoder = new HpackDecoder(4096, 34);
        assertThat(decode(decoder, new HpackEncoder().encode(fields("b", "1")))).hasSize(1);
    }

    @Test
    void oversizedIndexedLiteralLargerThanTheTableClearsIt() {
        HpackEncoder encoder = HpackEncoder.builder().maxTableSize(4096).indexing(IndexingPolicy.ALWAYS).build();
        byte[] first = encoder.encode(fields("small", "1"));
        byte[] second = encoder.encode(fields("big", "y".repeat(5000)));
        HpackDecoder decoder = new HpackDecoder(4096, 1000);
        decode(decoder, first);
        assertThat(decoder.dynamicTable().length()).isEqualTo(1);
        assertThatThrownBy(() -> decode(decoder, second)).isInstanceOf(HeaderListSizeException.class);
        assertThat(decoder.dynamicTable().length()).isZero();
        assertThat(encoder.dynamicTable().length()).isZero();
    }

    @Test
    void oversizedLiteralsThatAreNotIndexedAreSkipped() {
        for (HuffmanPolicy huffman : HuffmanPolicy.values()) {
            byte[] block = HpackEncoder.builder().indexing(IndexingPolicy.NEVER).huffman(huffman).build()
                    .encode(fields("x-big-name-" + "n".repeat(300), "v", "x-big-value", "v".repeat(300), "ok", "1"));
            List<HeaderField> delivered = new ArrayList<>();
            HpackDecoder decoder = new HpackDecoder(4096, 200);
            assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(block), delivered::add))
                    .isInstanceOf(HeaderListSizeException.class);
            assertThat(delivered).isEmpty();
        }
    }

    @Test
    void bombOfOneLargeEntryReferencedManyTimesFailsWithoutMaterializingTheList() {
        HpackEncoder encoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        byte[] insert = encoder.encode(fields("bomb", "z".repeat(4000)));
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        decode(decoder, insert);

        // 100,000 one-octet references to index 62: a 403 MB header list in 100 kB
        int references = 100_000;
        ByteBuffer bomb = ByteBuffer.allocate(references);
        for (int i = 0; i < references; i++) {
            bomb.put((byte) 0xbe);
        }
        bomb.flip();
        int[] delivered = {0};
        assertThatThrownBy(() -> decoder.decode(bomb, field -> delivered[0]++))
                .isInstanceOfSatisfying(HeaderListSizeException.class,
                        e -> assertThat(e.headerListSize()).isEqualTo(references * 4036L));
        assertThat(delivered[0]).isEqualTo(16384 / 4036);
        assertThat(bomb.hasRemaining()).isFalse();
    }

    @Test
    void raisedBudgetAppliesToTheNextBlock() {
        HpackDecoder decoder = new HpackDecoder(4096, 10);
        byte[] block = new HpackEncoder().encode(fields("b", "1"));
        assertThatThrownBy(() -> decode(decoder, block)).isInstanceOf(HeaderListSizeException.class);
        decoder.setMaxHeaderListSize(34);
        assertThat(decode(decoder, block)).hasSize(1);
    }
}

package dev.h2j.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Read-only blocks, as the frame parser hands them over, are copied into an array the decoder keeps for
 * the next small block: the results must be those of array-backed blocks, whatever came before, and a
 * sink that decodes another block from inside one must not disturb it.
 */
class ReadOnlyBlockTest {

    private static List<HeaderField> fields(int count, int valueLength) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add(HeaderField.of("x-field-" + i, String.valueOf((char) ('a' + i % 26)).repeat(valueLength)));
        }
        return fields;
    }

    /** Encodes with a table of 0, so that each block decodes on its own, in any order. */
    private static ByteBuffer readOnlyBlock(List<HeaderField> fields) {
        HpackEncoder encoder = new HpackEncoder();
        encoder.setMaxTableSize(0);
        ByteBuffer block = ByteBuffer.allocate(encoder.maxEncodedLength(fields) + 16);
        encoder.encode(fields, block);
        return block.flip().asReadOnlyBuffer();
    }

    @Test
    void smallThenLargeThenSmallBlocksDecodeAsWritten() {
        HpackDecoder decoder = new HpackDecoder(0, Integer.MAX_VALUE);
        for (List<HeaderField> fields : List.of(fields(3, 10), fields(40, 60), fields(1, 2), fields(12, 40),
                fields(2, 3))) {
            ByteBuffer block = readOnlyBlock(fields);
            assertThat(decoder.decode(block)).containsExactlyElementsOf(fields);
            assertThat(block.hasRemaining()).as("the block is consumed, as an array-backed one is").isFalse();
        }
    }

    @Test
    void aSinkMayDecodeAnotherBlockFromInsideOne() {
        HpackDecoder decoder = new HpackDecoder(0, Integer.MAX_VALUE);
        List<HeaderField> outer = fields(7, 30);
        // Smaller than the outer block: it would fit, and overwrite, the array the outer one is read from.
        List<HeaderField> inner = fields(4, 10);
        ByteBuffer innerBlock = readOnlyBlock(inner);
        List<HeaderField> seenOuter = new ArrayList<>();
        List<List<HeaderField>> seenInner = new ArrayList<>();
        decoder.decode(readOnlyBlock(outer), field -> {
            seenOuter.add(field);
            if (seenOuter.size() == 2) {
                seenInner.add(decoder.decode(innerBlock.duplicate()));
            }
        });
        assertThat(seenOuter).containsExactlyElementsOf(outer);
        assertThat(seenInner).containsExactly(inner);
    }
}

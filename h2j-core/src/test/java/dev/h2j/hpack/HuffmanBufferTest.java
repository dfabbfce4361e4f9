package dev.h2j.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec through buffers without an accessible array (direct, read-only) and with an array offset. */
class HuffmanBufferTest {

    private static final byte[] TEXT = "Mon, 21 Oct 2013 20:13:21 GMT; https://www.example.com/?q=1"
            .getBytes(StandardCharsets.ISO_8859_1);

    private static final List<HeaderField> FIELDS =
            List.of(HeaderField.of("x-text".getBytes(StandardCharsets.ISO_8859_1), TEXT));

    /** An encoder without state between blocks: every field Huffman-coded, nothing indexed. */
    private static HpackEncoder encoder() {
        return HpackEncoder.builder().huffman(HuffmanPolicy.ALWAYS).indexing(IndexingPolicy.NEVER).build();
    }

    @Test
    void encoderWritesIntoADirectBufferWhatItWritesIntoAnArray() {
        HpackEncoder encoder = encoder();
        ByteBuffer direct = ByteBuffer.allocateDirect(1 + encoder.maxEncodedLength(FIELDS));
        direct.put((byte) 1);
        encoder.encode(FIELDS, direct);
        byte[] bytes = new byte[direct.position() - 1];
        direct.flip().position(1);
        direct.get(bytes);
        assertThat(bytes).isEqualTo(encoder().encode(FIELDS));
    }

    @Test
    void encoderWritesIntoAHeapBufferWithAnArrayOffset() {
        byte[] encoded = encoder().encode(FIELDS);
        ByteBuffer backing = ByteBuffer.allocate(4 + encoder().maxEncodedLength(FIELDS));
        backing.position(3);
        ByteBuffer slice = backing.slice(); // arrayOffset 3
        slice.put((byte) 1);
        encoder().encode(FIELDS, slice);
        assertThat(slice.position()).isEqualTo(1 + encoded.length);
        assertThat(Arrays.copyOfRange(backing.array(), 4, 4 + encoded.length)).isEqualTo(encoded);
        assertThat(backing.array()[4 + encoded.length]).as("nothing written past the block").isZero();
    }

    @Test
    void decodesHuffmanLiteralsFromDirectReadOnlyAndOffsetBuffers() {
        HeaderField field = HeaderField.of("x-text".getBytes(StandardCharsets.ISO_8859_1), TEXT);
        byte[] block = HpackEncoder.builder().huffman(HuffmanPolicy.ALWAYS).indexing(IndexingPolicy.NEVER).build()
                .encode(List.of(field));
        ByteBuffer direct = ByteBuffer.allocateDirect(block.length).put(block).flip();
        ByteBuffer readOnly = ByteBuffer.wrap(block).asReadOnlyBuffer();
        byte[] padded = new byte[block.length + 5];
        System.arraycopy(block, 0, padded, 3, block.length);
        ByteBuffer offset = ByteBuffer.wrap(padded, 1, block.length + 2).slice();
        offset.position(2);
        for (ByteBuffer in : List.of(direct, readOnly, offset)) {
            List<HeaderField> decoded = new HpackDecoder(4096, Integer.MAX_VALUE).decode(in);
            assertThat(decoded).containsExactly(field);
            assertThat(decoded.get(0).valueBytes()).isEqualTo(TEXT);
            assertThat(in.hasRemaining()).isFalse();
        }
    }

    @Test
    void codecRoundTripsThroughDirectBuffers() {
        List<HeaderField> fields = List.of(HeaderField.of(":method", "GET"), HeaderField.of("x-custom", "some value"),
                HeaderField.of("date", "Mon, 21 Oct 2013 20:13:21 GMT"), HeaderField.of("x-custom", "some value"));
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        for (int round = 0; round < 2; round++) {
            ByteBuffer out = ByteBuffer.allocateDirect(encoder.maxEncodedLength(fields));
            encoder.encode(fields, out);
            out.flip();
            assertThat(decoder.decode(out)).containsExactlyElementsOf(fields);
        }
    }

    @Test
    void decoderReadsFromPositionToLimitOfAnOffsetBuffer() {
        List<HeaderField> fields = List.of(HeaderField.of(":path", "/a"), HeaderField.of("x-custom", "v"));
        byte[] block = new HpackEncoder().encode(fields);
        byte[] padded = new byte[block.length + 7];
        System.arraycopy(block, 0, padded, 4, block.length);
        ByteBuffer in = ByteBuffer.wrap(padded, 1, block.length + 5).slice(); // arrayOffset 1
        in.position(3).limit(3 + block.length);
        assertThat(new HpackDecoder(4096, Integer.MAX_VALUE).decode(in)).containsExactlyElementsOf(fields);
        assertThat(in.position()).isEqualTo(3 + block.length);
    }

    @Test
    void sinkMayDecodeAnotherBlockWithTheSameDecoder() {
        HpackEncoder encoder = new HpackEncoder();
        byte[] outer = encoder.encode(List.of(HeaderField.of("x-a", "1"), HeaderField.of("x-b", "2")));
        byte[] inner = encoder.encode(List.of(HeaderField.of("x-c", "3")));
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        List<HeaderField> seen = new java.util.ArrayList<>();
        decoder.decode(ByteBuffer.wrap(outer), field -> {
            seen.add(field);
            if (seen.size() == 1) {
                decoder.decode(ByteBuffer.wrap(inner), seen::add);
            }
        });
        assertThat(seen).extracting(HeaderField::toString).containsExactly("x-a: 1", "x-c: 3", "x-b: 2");
    }
}

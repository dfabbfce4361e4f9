package dev.h2j.bench;

import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HuffmanPolicy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** h2j's codec ({@code dev.h2j.hpack}) with its default policies: Huffman only where shorter. */
final class H2jHpack implements HpackPeer<List<HeaderField>, ByteBuffer> {

    @Override
    public String name() {
        return "h2j";
    }

    @Override
    public String huffmanPolicy() {
        return "where shorter (HuffmanPolicy.SHORTER, the default)";
    }

    @Override
    public List<HeaderField> prepare(List<Workload.Field> fields) {
        List<HeaderField> out = new ArrayList<>(fields.size());
        for (Workload.Field f : fields) {
            out.add(HeaderField.of(f.name(), f.value()));
        }
        return List.copyOf(out);
    }

    @Override
    public Encoder<List<HeaderField>> newEncoder() {
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanPolicy.SHORTER).build();
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        return new Encoder<>() {
            @Override
            public int encode(List<HeaderField> list) {
                out.clear();
                encoder.encode(list, out);
                return out.position();
            }

            @Override
            public byte[] lastBlock() {
                return Arrays.copyOf(out.array(), out.position());
            }
        };
    }

    @Override
    public Decoder<ByteBuffer> newDecoder() {
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        return new Decoder<>() {
            @Override
            public Object decode(ByteBuffer block) {
                return decoder.decode(block.rewind());
            }

            @Override
            public List<Workload.Field> fields(Object decoded) {
                List<Workload.Field> out = new ArrayList<>();
                for (Object o : (List<?>) decoded) {
                    HeaderField f = (HeaderField) o;
                    out.add(new Workload.Field(f.name(), f.value()));
                }
                return out;
            }
        };
    }

    @Override
    public ByteBuffer wrap(byte[] block) {
        return ByteBuffer.wrap(block);
    }
}

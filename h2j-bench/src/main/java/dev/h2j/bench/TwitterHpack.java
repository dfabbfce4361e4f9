package dev.h2j.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Twitter's hpack 1.0.2, the library Netty's codec started from. Its API is stream based: the encoder
 * writes to an {@code OutputStream} field by field, the decoder reads an {@code InputStream} and calls
 * a listener per field. The listener here keeps the fields of the block, as every other decoder returns
 * them.
 */
final class TwitterHpack implements HpackPeer<byte[][], TwitterHpack.Block> {

    @Override
    public String name() {
        return "twitter";
    }

    @Override
    public String huffmanPolicy() {
        return "where shorter (the default)";
    }

    @Override
    public byte[][] prepare(List<Workload.Field> fields) {
        byte[][] out = new byte[fields.size() * 2][];
        for (int i = 0; i < fields.size(); i++) {
            out[2 * i] = fields.get(i).name().getBytes(StandardCharsets.US_ASCII);
            out[2 * i + 1] = fields.get(i).value().getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    @Override
    public Encoder<byte[][]> newEncoder() {
        com.twitter.hpack.Encoder encoder = new com.twitter.hpack.Encoder(4096);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        return new Encoder<>() {
            @Override
            public int encode(byte[][] list) throws Exception {
                out.reset();
                for (int i = 0; i < list.length; i += 2) {
                    encoder.encodeHeader(out, list[i], list[i + 1], false);
                }
                return out.size();
            }

            @Override
            public byte[] lastBlock() {
                return out.toByteArray();
            }
        };
    }

    @Override
    public Decoder<Block> newDecoder() {
        com.twitter.hpack.Decoder decoder = new com.twitter.hpack.Decoder(Integer.MAX_VALUE, 4096);
        return new Decoder<>() {
            @Override
            public Object decode(Block block) throws Exception {
                block.rewind();
                List<byte[]> fields = new ArrayList<>();
                decoder.decode(block, (name, value, sensitive) -> {
                    fields.add(name);
                    fields.add(value);
                });
                if (decoder.endHeaderBlock()) {
                    throw new IllegalStateException("twitter hpack: header list truncated");
                }
                return fields;
            }

            @Override
            public List<Workload.Field> fields(Object decoded) {
                List<?> octets = (List<?>) decoded;
                List<Workload.Field> out = new ArrayList<>();
                for (int i = 0; i < octets.size(); i += 2) {
                    out.add(new Workload.Field(new String((byte[]) octets.get(i), StandardCharsets.US_ASCII),
                            new String((byte[]) octets.get(i + 1), StandardCharsets.US_ASCII)));
                }
                return out;
            }
        };
    }

    @Override
    public Block wrap(byte[] block) {
        return new Block(block);
    }

    /**
     * A block as the decoder's {@code InputStream}, rewound to its start before each decode. (Not
     * {@code reset()}: the decoder marks the stream as it reads, so reset would not go back to the start.)
     */
    static final class Block extends ByteArrayInputStream {
        Block(byte[] block) {
            super(block);
        }

        void rewind() {
            pos = 0;
            mark = 0;
        }
    }
}

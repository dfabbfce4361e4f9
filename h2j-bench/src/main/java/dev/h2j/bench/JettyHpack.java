package dev.h2j.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;
import org.eclipse.jetty.http2.hpack.HpackEncoder;

/**
 * Jetty 12's codec ({@code jetty-http2-hpack}). The encoder takes the list field by field
 * ({@code HpackEncoder.encode(ByteBuffer, HttpField)}, pseudo-header fields included), so it sees the
 * same list in the same order as every other peer; the decoder returns Jetty's {@code MetaData} (request
 * or response line plus fields), which is the only form its API offers.
 */
final class JettyHpack implements HpackPeer<HttpField[], ByteBuffer> {

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public String huffmanPolicy() {
        return "where shorter, except fields Jetty never Huffman-codes (the default)";
    }

    @Override
    public HttpField[] prepare(List<Workload.Field> fields) {
        HttpField[] out = new HttpField[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new HttpField(fields.get(i).name(), fields.get(i).value());
        }
        return out;
    }

    @Override
    public Encoder<HttpField[]> newEncoder() {
        HpackEncoder encoder = new HpackEncoder();
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        return new Encoder<>() {
            @Override
            public int encode(HttpField[] list) {
                out.clear();
                for (HttpField field : list) {
                    encoder.encode(out, field);
                }
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
        HpackDecoder decoder = new HpackDecoder(Integer.MAX_VALUE, System::nanoTime);
        decoder.setMaxHeaderListSize(Integer.MAX_VALUE);
        return new Decoder<>() {
            @Override
            public Object decode(ByteBuffer block) throws Exception {
                return decoder.decode(block.rewind());
            }

            @Override
            public List<Workload.Field> fields(Object decoded) {
                MetaData meta = (MetaData) decoded;
                List<Workload.Field> out = new ArrayList<>();
                if (meta instanceof MetaData.Request request) {
                    add(out, ":method", request.getMethod());
                    add(out, ":scheme", request.getHttpURI().getScheme());
                    add(out, ":authority", request.getHttpURI().getAuthority());
                    add(out, ":path", request.getHttpURI().getPathQuery());
                } else if (meta instanceof MetaData.Response response) {
                    add(out, ":status", Integer.toString(response.getStatus()));
                }
                for (HttpField f : meta.getHttpFields()) {
                    out.add(new Workload.Field(f.getLowerCaseName(), f.getValue()));
                }
                return out;
            }
        };
    }

    private static void add(List<Workload.Field> out, String name, String value) {
        if (value != null) {
            out.add(new Workload.Field(name, value));
        }
    }

    @Override
    public ByteBuffer wrap(byte[] block) {
        return ByteBuffer.wrap(block);
    }
}

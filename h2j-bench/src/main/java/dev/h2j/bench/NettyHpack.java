package dev.h2j.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Netty's codec through its public {@code DefaultHttp2HeadersEncoder} / {@code DefaultHttp2HeadersDecoder},
 * either with its default Huffman threshold (only strings of 512 octets or more are Huffman-coded) or
 * with threshold 0 (every string where Huffman is shorter, as h2j does by default). The decoder runs
 * without HTTP validation, as h2j's and Twitter's HPACK decoders do.
 */
final class NettyHpack implements HpackPeer<Http2Headers, ByteBuf> {

    private final boolean huffman;

    /** @param huffman whether to Huffman-code every string where shorter (threshold 0) */
    NettyHpack(boolean huffman) {
        this.huffman = huffman;
    }

    @Override
    public String name() {
        return huffman ? "netty-huffman" : "netty";
    }

    @Override
    public String huffmanPolicy() {
        return huffman ? "where shorter (huffCodeThreshold 0)" : "where shorter, strings of 512+ octets only (the default)";
    }

    @Override
    public Http2Headers prepare(List<Workload.Field> fields) {
        Http2Headers out = new DefaultHttp2Headers(false, fields.size());
        for (Workload.Field f : fields) {
            out.add(new AsciiString(f.name()), new AsciiString(f.value()));
        }
        return out;
    }

    @Override
    public Encoder<Http2Headers> newEncoder() {
        DefaultHttp2HeadersEncoder encoder = huffman
                ? new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, false, 16, 0)
                : new DefaultHttp2HeadersEncoder();
        ByteBuf out = Unpooled.buffer(1 << 16);
        return new Encoder<>() {
            @Override
            public int encode(Http2Headers list) throws Exception {
                out.clear();
                encoder.encodeHeaders(1, list, out);
                return out.writerIndex();
            }

            @Override
            public byte[] lastBlock() {
                return ByteBufUtil.getBytes(out, 0, out.writerIndex());
            }
        };
    }

    @Override
    public Decoder<ByteBuf> newDecoder() {
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, Integer.MAX_VALUE);
        return new Decoder<>() {
            @Override
            public Object decode(ByteBuf block) throws Exception {
                return decoder.decodeHeaders(1, block.readerIndex(0));
            }

            @Override
            public List<Workload.Field> fields(Object decoded) {
                List<Workload.Field> out = new ArrayList<>();
                for (Map.Entry<CharSequence, CharSequence> e : (Http2Headers) decoded) {
                    out.add(new Workload.Field(e.getKey().toString(), e.getValue().toString()));
                }
                return out;
            }
        };
    }

    @Override
    public ByteBuf wrap(byte[] block) {
        return Unpooled.wrappedBuffer(block);
    }
}

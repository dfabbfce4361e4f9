package dev.h2j.interop;

import dev.h2j.frame.ErrorCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataChunkedInput;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.CharsetUtil;
import io.netty.util.Version;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's HTTP/2 server, {@code Http2FrameCodec} with an {@code Http2MultiplexHandler} (a child
 * channel per stream), over cleartext with prior knowledge, with the endpoint contract: the files of the
 * {@link Site} pulled by a {@link ChunkedWriteHandler} as each stream's window allows, and the dynamic
 * endpoints in {@link Exchange}.
 */
final class NettyServer implements AutoCloseable {
    private static final int CHUNK = 16 << 10;
    private static final long GRACEFUL_SHUTDOWN_MILLIS = 10_000;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private final Path root;
    private final List<String> processedIds = new CopyOnWriteArrayList<>();
    private final List<InteropServer.Reset> resets = new CopyOnWriteArrayList<>();

    private NettyServer(Path root) throws InterruptedException {
        this.root = root.toAbsolutePath().normalize();
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(
                                // Netty caps header lists at 8 KiB by default (announced, and answered with
                                // 431 above it); the contract's cookie alone is 8 KiB.
                                Http2FrameCodecBuilder.forServer()
                                        .initialSettings(Http2Settings.defaultSettings().maxHeaderListSize(32 << 10))
                                        // The codec built here waits 0 ms for streams in flight once closed:
                                        // GOAWAY, then the socket closes under them. Give them time to finish.
                                        .gracefulShutdownTimeoutMillis(GRACEFUL_SHUTDOWN_MILLIS)
                                        .build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel stream) {
                                        stream.pipeline().addLast(new ChunkedWriteHandler(), new Exchange());
                                    }
                                }));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    /** Starts a server for the site at {@code root}. */
    static NettyServer start(Path root) throws InterruptedException {
        return new NettyServer(root);
    }

    /** {@code http://127.0.0.1:port}: prior knowledge. */
    URI origin() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort());
    }

    /** The version netty-codec-http2 reports of itself. */
    static String version() {
        return "Netty " + Version.identify().get("netty-codec-http2").artifactVersion();
    }

    /** The ids of the /delay requests the handler took, in order. */
    List<String> processedIds() {
        return List.copyOf(processedIds);
    }

    /** The RST_STREAM frames clients sent, with the path of their stream. */
    List<InteropServer.Reset> resets() {
        return List.copyOf(resets);
    }

    /**
     * Closes every connection through Http2FrameCodec's graceful close: GOAWAY with the last stream id
     * taken, then the connection ends once the streams in flight did (RFC 9113 §6.8). The listener stays.
     *
     * @return completes when every connection closed
     */
    ChannelGroupFuture goAway() {
        return connections.close();
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        connections.close().await(10, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    /** One stream: the request's HEADERS pick the endpoint; only /echo reads DATA. */
    private final class Exchange extends SimpleChannelInboundHandler<Http2StreamFrame> {
        private String path = "";
        private boolean echo;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) throws IOException {
            if (frame instanceof Http2HeadersFrame headers) {
                request(ctx, headers);
            } else if (frame instanceof Http2DataFrame data && echo) {
                ctx.write(new DefaultHttp2DataFrame(data.content().retain(), data.isEndStream()));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof Http2ResetFrame reset) {
                resets.add(new InteropServer.Reset(path, ErrorCode.of((int) reset.errorCode())));
            }
            ctx.fireUserEventTriggered(event);
        }

        private void request(ChannelHandlerContext ctx, Http2HeadersFrame frame) throws IOException {
            Http2Headers headers = frame.headers();
            String method = headers.method().toString();
            QueryStringDecoder target = new QueryStringDecoder(headers.path().toString());
            path = target.path();
            if (method.equals("POST") && path.equals("/echo")) {
                echo = true;
                ctx.write(new DefaultHttp2HeadersFrame(status(200, "application/octet-stream")));
                if (frame.isEndStream()) {
                    ctx.write(new DefaultHttp2DataFrame(true));
                }
            } else if (method.equals("GET") && path.equals("/trailers")) {
                // RFC 9113 §8.1: the body, then a HEADERS frame of trailer fields that ends the stream.
                ctx.write(new DefaultHttp2HeadersFrame(status(200, "text/plain")));
                ctx.write(new DefaultHttp2DataFrame(ascii(InteropServer.TRAILERS_BODY)));
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
                        .add(InteropServer.TRAILER.name(), InteropServer.TRAILER.value()), true));
            } else if (method.equals("GET") && path.equals("/headers")) {
                long extra = 0;
                for (Map.Entry<CharSequence, CharSequence> field : headers) {
                    if (field.getKey().toString().startsWith("x-h-")) {
                        extra++;
                    }
                }
                // RFC 9113 §8.2.3: the crumbs of a split cookie are joined with "; " before use.
                String cookie = String.join("; ", headers.getAll("cookie"));
                text(ctx, "x-h=" + extra + " cookie=" + cookie.length());
            } else if (method.equals("GET") && path.equals("/drip")) {
                ctx.write(new DefaultHttp2HeadersFrame(status(200, "application/octet-stream")));
                ctx.writeAndFlush(new Http2DataChunkedInput(new Drip(), stream(ctx)));
            } else if (method.equals("GET") && path.equals("/delay")) {
                Map<String, List<String>> query = target.parameters();
                String id = query.get("id").get(0);
                processedIds.add(id);
                ctx.executor().schedule(() -> text(ctx, id), Long.parseLong(query.get("ms").get(0)), TimeUnit.MILLISECONDS);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                file(ctx, method, path);
            } else {
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(status(405, "text/plain"), true));
            }
        }

        private void file(ChannelHandlerContext ctx, String method, String path) throws IOException {
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(status(404, "text/plain"), true));
                return;
            }
            String type = Files.probeContentType(file);
            Http2Headers headers = status(200, type == null ? "application/octet-stream" : type)
                    .setLong("content-length", Files.size(file));
            if (method.equals("HEAD")) {
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
                return;
            }
            ctx.write(new DefaultHttp2HeadersFrame(headers));
            ctx.writeAndFlush(new Http2DataChunkedInput(new ChunkedNioFile(file.toFile(), CHUNK), stream(ctx)));
        }
    }

    private static Http2FrameStream stream(ChannelHandlerContext ctx) {
        return ((Http2StreamChannel) ctx.channel()).stream();
    }

    private static Http2Headers status(int status, String type) {
        return new DefaultHttp2Headers().status(Integer.toString(status)).set("content-type", type);
    }

    private static void text(ChannelHandlerContext ctx, String body) {
        ctx.write(new DefaultHttp2HeadersFrame(status(200, "text/plain")));
        ctx.writeAndFlush(new DefaultHttp2DataFrame(ascii(body), true));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, CharsetUtil.US_ASCII);
    }

    /** A body that does not end on its own: 16 KiB chunks, pulled as the stream is writable, up to 1 GiB. */
    private static final class Drip implements ChunkedInput<ByteBuf> {
        private long sent;

        @Override
        public boolean isEndOfInput() {
            return sent >= InteropServer.DRIP_LIMIT;
        }

        @Override
        public void close() {
            // Nothing to release: the chunks are made as they are read.
        }

        @Override
        @Deprecated
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            if (isEndOfInput()) {
                return null;
            }
            sent += CHUNK;
            return allocator.buffer(CHUNK).writeZero(CHUNK);
        }

        @Override
        public long length() {
            return InteropServer.DRIP_LIMIT;
        }

        @Override
        public long progress() {
            return sent;
        }
    }
}

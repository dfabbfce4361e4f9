package dev.h2j.interop;

import dev.h2j.hpack.HeaderField;
import dev.h2j.interop.LibraryClient.Answer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.Version;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Netty 4.2's HTTP/2 client against h2j over TLS: the JDK's TLS provider, ALPN h2 (checked after the
 * handshake), {@code Http2FrameCodec} with {@code Http2MultiplexHandler}, and one
 * {@code Http2StreamChannel} per request from {@code Http2StreamChannelBootstrap}.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyClientTest {
    private static InteropServer server;
    private static LibraryScenarios scenarios;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Version> versions = Version.identify(NettyClientTest.class.getClassLoader());
        Matrix.version(Peer.NETTY_CLIENT, "Netty " + versions.get("netty-codec-http2").artifactVersion());
        server = InteropServer.start();
        scenarios = new LibraryScenarios(server, NettyLibrary::new);
    }

    @AfterAll
    static void stop() throws Exception {
        try (InteropServer stopping = server; LibraryScenarios closing = scenarios) {
            // closes the client, then the server, whichever of them were made
        }
    }

    /** One HTTP/2 connection over TLS, on an event loop of its own. */
    private static final class NettyLibrary implements LibraryClient {
        private final URI origin;
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel connection;

        NettyLibrary(InteropServer target) throws Exception {
            this.origin = target.tlsUri();
            try {
                SslContext tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                        .trustManager(target.certificatePem().toFile())
                        .applicationProtocolConfig(new ApplicationProtocolConfig(
                                ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_2))
                        .build();
                connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast(tls.newHandler(channel.alloc(), origin.getHost(), origin.getPort()),
                                        Http2FrameCodecBuilder.forClient().build(),
                                        // The server never pushes: we advertise SETTINGS_ENABLE_PUSH 0.
                                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                            }
                        })
                        .connect(origin.getHost(), origin.getPort()).sync().channel();
                SslHandler handshake = connection.pipeline().get(SslHandler.class);
                handshake.handshakeFuture().sync();
                if (!ApplicationProtocolNames.HTTP_2.equals(handshake.applicationProtocol())) {
                    throw new IllegalStateException("ALPN chose " + handshake.applicationProtocol());
                }
            } catch (Exception | Error e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                throw e;
            }
        }

        /** Opens a stream, sends the request on it, and hands its frames to {@code reader}. */
        private <T> CompletableFuture<T> open(Call call, StreamReader<T> reader) {
            new Http2StreamChannelBootstrap(connection).handler(reader).open().addListener(opened -> {
                if (!opened.isSuccess()) {
                    reader.result.completeExceptionally(opened.cause());
                    return;
                }
                Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
                Http2Headers headers = new DefaultHttp2Headers().method(call.method()).scheme(origin.getScheme())
                        .authority(origin.getAuthority()).path(call.path());
                for (HeaderField field : call.fields()) {
                    headers.add(field.name(), field.value());
                }
                stream.write(new DefaultHttp2HeadersFrame(headers, call.body() == null));
                if (call.body() != null) {
                    stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(call.body()), true));
                }
                stream.flush();
            });
            return reader.result;
        }

        @Override
        public CompletableFuture<Answer> send(Call call) {
            return open(call, new Collect());
        }

        @Override
        public CompletableFuture<Long> readThenCancel(String path, int octets) {
            return open(Call.get(path), new CancelAfter(path, octets));
        }

        @Override
        public void close() throws InterruptedException {
            try {
                connection.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    /** Reads the frames of one stream channel into a result. */
    private abstract static class StreamReader<T> extends SimpleChannelInboundHandler<Http2StreamFrame> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<HeaderField> trailers = new ArrayList<>();
        int status;

        /** The result of a stream the server ended. */
        abstract T ended();

        /** Runs after each DATA frame that did not end the stream. */
        void dataRead(ChannelHandlerContext context) {
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, Http2StreamFrame frame) {
            if (frame instanceof Http2HeadersFrame headers) {
                if (status == 0) {
                    status = Integer.parseInt(headers.headers().status().toString());
                } else {
                    headers.headers().forEach(field -> trailers.add(
                            HeaderField.of(field.getKey().toString(), field.getValue().toString())));
                }
                if (headers.isEndStream()) {
                    finish();
                }
            } else if (frame instanceof Http2DataFrame data) {
                ByteBuf content = data.content();
                byte[] octets = new byte[content.readableBytes()];
                content.readBytes(octets);
                body.writeBytes(octets);
                if (data.isEndStream()) {
                    finish();
                } else {
                    dataRead(context);
                }
            }
        }

        private void finish() {
            try {
                result.complete(ended());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            result.completeExceptionally(new IllegalStateException("the stream closed before its end"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            result.completeExceptionally(cause);
            context.close();
        }
    }

    /** Collects the whole response. */
    private static final class Collect extends StreamReader<Answer> {
        @Override
        Answer ended() {
            return new Answer(status, body.toByteArray(), trailers);
        }
    }

    /**
     * Closes the stream channel once {@code octets} of body arrived, which resets the unfinished stream
     * with CANCEL (RFC 9113 §8.7); the result is how many octets arrived.
     */
    private static final class CancelAfter extends StreamReader<Long> {
        private final String path;
        private final int octets;

        CancelAfter(String path, int octets) {
            this.path = path;
            this.octets = octets;
        }

        @Override
        void dataRead(ChannelHandlerContext context) {
            if (body.size() >= octets && !result.isDone()) {
                context.channel().close();
                result.complete((long) body.size());
            }
        }

        @Override
        Long ended() {
            throw new IllegalStateException(path + " ended after " + body.size() + " octets, before the cancel");
        }
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        scenarios.goawayUnderLoad();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader();
    }

    @Test
    @Cell(peer = Peer.NETTY_CLIENT, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders();
    }
}

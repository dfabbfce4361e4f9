package dev.h2j.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.AsciiString;

/**
 * Netty's HTTP/2 codec ({@code Http2ConnectionHandler}, the handler under {@code Http2FrameCodec}) on
 * two {@code EmbeddedChannel}s, client and server, passing each outbound {@code ByteBuf} to the other
 * channel's inbound side. The server writes each body with one {@code writeData}; Netty's flow
 * controller splits it into DATA frames of at most the max frame size as the windows allow. The client
 * returns every DATA frame as processed, so Netty's local flow controller sends WINDOW_UPDATEs (at half
 * a window, its default).
 */
final class NettyExchange implements Exchange {

    private static final Http2Headers RESPONSE = new DefaultHttp2Headers()
            .status(AsciiString.of("200"))
            .add(AsciiString.of("content-type"), AsciiString.of("application/octet-stream"));
    private static final Http2Headers REQUEST = new DefaultHttp2Headers()
            .method(AsciiString.of("GET")).scheme(AsciiString.of("http"))
            .authority(AsciiString.of("bench.h2j.dev")).path(AsciiString.of("/"));

    private final EmbeddedChannel clientChannel;
    private final EmbeddedChannel serverChannel;
    private final Http2ConnectionHandler client;
    private final ChannelHandlerContext clientContext;
    private long received;
    private int ended;

    /**
     * @param window the client's initial stream window and its connection window (at least 65,535)
     * @param body what the server sends for every request (only read, never changed or released)
     */
    NettyExchange(int window, ByteBuf body) {
        Server serverListener = new Server(body);
        Http2ConnectionHandler server = new Http2ConnectionHandlerBuilder()
                .server(true).frameListener(serverListener).build();
        serverListener.handler = server;
        client = new Http2ConnectionHandlerBuilder()
                .server(false).frameListener(new Client())
                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(window))
                .build();
        serverChannel = new EmbeddedChannel(server);
        clientChannel = new EmbeddedChannel(client);
        clientContext = clientChannel.pipeline().context(client);
        if (window > 65_535) {
            try {
                // RFC 9113 §6.9.2: SETTINGS do not change the connection window; a WINDOW_UPDATE does.
                client.connection().local().flowController()
                        .incrementWindowSize(client.connection().connectionStream(), window - 65_535);
            } catch (Http2Exception e) {
                throw new IllegalStateException(e);
            }
            clientChannel.flush();
        }
        pump(0);
    }

    @Override
    public long exchange(int requests) {
        received = 0;
        ended = 0;
        for (int i = 0; i < requests; i++) {
            int id = client.connection().local().incrementAndGetNextStreamId();
            client.encoder().writeHeaders(clientContext, id, REQUEST, 0, true, clientContext.newPromise());
        }
        clientChannel.flush();
        pump(requests);
        if (ended != requests) {
            throw new IllegalStateException(ended + " of " + requests + " responses ended");
        }
        return received;
    }

    private void pump(int responses) {
        boolean moved = true;
        while (moved || ended < responses) {
            moved = move(clientChannel, serverChannel) | move(serverChannel, clientChannel);
            if (!moved && ended < responses) {
                throw new IllegalStateException("stalled: " + ended + " of " + responses + " responses ended");
            }
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        ByteBuf buf;
        while ((buf = from.readOutbound()) != null) {
            moved = true;
            to.writeInbound(buf);
        }
        to.checkException();
        return moved;
    }

    /** Answers every request with the body, in one write the flow controller splits into frames. */
    private static final class Server extends Http2FrameAdapter {
        private final ByteBuf body;
        private Http2ConnectionHandler handler;

        Server(ByteBuf body) {
            this.body = body;
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endStream) {
            if (endStream) {
                handler.encoder().writeHeaders(ctx, streamId, RESPONSE, 0, false, ctx.newPromise());
                handler.encoder().writeData(ctx, streamId, body.retainedDuplicate(), 0, true, ctx.newPromise());
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endStream) {
            onHeadersRead(ctx, streamId, headers, padding, endStream);
        }
    }

    /** Counts body octets and ended responses; every DATA frame is processed at once. */
    private final class Client extends Http2FrameAdapter {
        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            received += data.readableBytes();
            if (endOfStream) {
                ended++;
            }
            return data.readableBytes() + padding;
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endStream) {
            if (endStream) {
                ended++;
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endStream) {
            onHeadersRead(ctx, streamId, headers, padding, endStream);
        }
    }

    @Override
    public void close() {
        clientChannel.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }
}

package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sans-I/O server answers h2j-io's client and the sans-I/O client over loopback. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HelloServerTest {

    private ServerSocketChannel listener;
    private Thread acceptor;
    private URI origin;

    @BeforeEach
    void start() throws Exception {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(() -> HelloServer.acceptForever(listener), "hello-server-accept");
        acceptor.start();
        origin = URI.create("http://127.0.0.1:" + listener.socket().getLocalPort() + "/");
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        acceptor.join();
    }

    @Test
    void answersTheRootAndA404OnOneConnectionOfH2jsClient() throws Exception {
        try (ClientConnection connection = H2Client.connect(origin,
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            Response root = connection.execute(Request.get(origin));
            Response missing = connection.execute(Request.get(origin.resolve("/missing")));

            assertThat(root.status()).isEqualTo(200);
            assertThat(root.header("content-type")).contains("text/plain");
            assertThat(root.bodyText()).isEqualTo("hello from h2j\n");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.bodyText()).isEqualTo("not found\n");
        }
    }

    @Test
    void answersTheSansIoClient() throws Exception {
        try (SocketChannel channel = SocketChannel.open(listener.getLocalAddress())) {
            assertThat(HelloClient.get(channel, "127.0.0.1", "/")).isEqualTo("200\nhello from h2j\n");
        }
    }

    @Test
    void answersABrokenPrefaceWithGoAwayProtocolErrorAndCloses() throws Exception {
        try (SocketChannel channel = SocketChannel.open(listener.getLocalAddress())) {
            channel.write(StandardCharsets.US_ASCII.encode("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (channel.read(in.clear()) >= 0) {
                received.write(in.array(), 0, in.position());
            }

            // RFC 9113 §3.4: a bad preface is a connection error PROTOCOL_ERROR. SETTINGS comes first.
            FrameParser parser = new FrameParser();
            ByteBuffer frames = ByteBuffer.wrap(received.toByteArray());
            parser.next(frames);
            assertThat(parser.next(frames)).isInstanceOfSatisfying(GoAwayFrame.class,
                    goAway -> assertThat(goAway.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR));
        }
    }
}

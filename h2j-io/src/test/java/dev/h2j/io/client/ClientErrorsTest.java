package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 9113 §5.4: stream errors fail one request, connection errors and GOAWAY fail the connection's. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientErrorsTest {

    static TestServer server() throws Exception {
        return TestServer.cleartext(request -> switch (request.path()) {
            case "/reset" -> new Reply.Reset(ErrorCode.REFUSED_STREAM);
            case "/internal" -> new Reply.Reset(ErrorCode.INTERNAL_ERROR);
            case "/goaway" -> new Reply.GoAway(ErrorCode.ENHANCE_YOUR_CALM, "slow down");
            case "/bye" -> new Reply.GoAway(ErrorCode.NO_ERROR, "");
            default -> Reply.ok("fine " + request.path());
        });
    }

    static ClientConnection connect(TestServer server) throws Exception {
        return H2Client.connect(server.uri("/"), ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
    }

    static ThrowableAssertAlternative<?> failure(CompletableFuture<?> future) {
        return org.assertj.core.api.Assertions.assertThat(future).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(Exception.class).havingCause();
    }

    @Test
    void aStreamResetByTheServerFailsThatRequestAndTheOthersFinish() throws Exception {
        try (TestServer server = server(); ClientConnection connection = connect(server)) {
            CompletableFuture<Response> before = connection.send(Request.get(server.uri("/a")));
            CompletableFuture<Response> reset = connection.send(Request.get(server.uri("/internal")));
            CompletableFuture<ResponseStream> refused = connection.stream(Request.get(server.uri("/reset")));
            CompletableFuture<Response> after = connection.send(Request.get(server.uri("/b")));

            failure(reset).isInstanceOf(StreamResetException.class)
                    .withMessage("stream 3 reset by the server: RST_STREAM INTERNAL_ERROR (0x2)");
            failure(refused).isInstanceOf(StreamResetException.class)
                    .withMessageStartingWith("stream 5 reset by the server: RST_STREAM REFUSED_STREAM (0x7): the server"
                            + " did not process GET http://127.0.0.1:")
                    .withMessageEndingWith("it is safe to retry");
            StreamResetException e = (StreamResetException) reset.handle((r, t) -> t).join();
            assertThat(e.errorCode()).contains(ErrorCode.INTERNAL_ERROR);
            assertThat(e.streamId()).isEqualTo(3);
            assertThat(e.byServer()).isTrue();
            assertThat(before.join().bodyText()).isEqualTo("fine /a");
            assertThat(after.join().bodyText()).isEqualTo("fine /b");
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void aGoAwayWithAnErrorFailsEveryRequestInFlightNamingTheCode() throws Exception {
        try (TestServer server = server(); ClientConnection connection = connect(server)) {
            assertThat(connection.execute(Request.get(server.uri("/ok"))).bodyText()).isEqualTo("fine /ok");

            CompletableFuture<Response> goAway = connection.send(Request.get(server.uri("/goaway")));

            failure(goAway).isInstanceOf(GoAwayException.class)
                    .withMessage("connection closed by the server: GOAWAY ENHANCE_YOUR_CALM (0xb), last stream 3,"
                            + " debug data \"slow down\"");
            assertThat(connection.isOpen()).isFalse();
            failure(connection.send(Request.get(server.uri("/later")))).isInstanceOf(GoAwayException.class);
        }
    }

    @Test
    void afterAGracefulGoAwayTheStreamsUpToTheLastFinish() throws Exception {
        try (TestServer server = server(); ClientConnection connection = connect(server)) {
            // The in-test server answers /bye with GOAWAY NO_ERROR naming stream 1 as the last, then "bye".
            CompletableFuture<Response> bye = connection.send(Request.get(server.uri("/bye")));

            assertThat(bye.get(10, TimeUnit.SECONDS).bodyText()).isEqualTo("bye");
            assertThat(connection.isOpen()).isFalse();
            failure(connection.send(Request.get(server.uri("/later")))).isInstanceOf(GoAwayException.class)
                    .withMessage("connection closed by the server: GOAWAY NO_ERROR (0x0), last stream 1");
        }
    }

    @Test
    void streamsAboveTheLastStreamIdOfAGracefulGoAwayAreRefusedAsSafeToRetry() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    in.readNBytes(24);
                    out.write(HexFormat.of().parseHex("000000040000000000"));
                    // Wait for both requests, then: GOAWAY NO_ERROR with last stream 1, and stream 1's
                    // response (HEADERS, END_STREAM | END_HEADERS, :status 200 as static index 8).
                    FrameParser parser = new FrameParser();
                    byte[] buffer = new byte[4096];
                    for (int requests = 0; requests < 2; ) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return;
                        }
                        ByteBuffer octets = ByteBuffer.wrap(buffer, 0, n);
                        for (Frame frame = parser.next(octets); frame != null; frame = parser.next(octets)) {
                            requests += frame instanceof HeadersFrame ? 1 : 0;
                        }
                    }
                    out.write(HexFormat.of().parseHex("000008070000000000" + "00000001" + "00000000"
                            + "000001010500000001" + "88"));
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception e) {
                    // The client closed the connection: what the test expects.
                }
            });
            peer.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
            try (ClientConnection connection = H2Client.connect(uri,
                    ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
                CompletableFuture<Response> first = connection.send(Request.get(uri.resolve("/first")));
                CompletableFuture<Response> beyond = connection.send(Request.get(uri.resolve("/beyond")));

                failure(beyond).isInstanceOf(StreamResetException.class)
                        .withMessage("stream 3 refused by the server's GOAWAY (last stream 1): GET " + uri.resolve("/beyond")
                                + " was not processed, as with REFUSED_STREAM (0x7); it is safe to retry on a new"
                                + " connection");
                StreamResetException refused = (StreamResetException) beyond.handle((r, t) -> t).join();
                assertThat(refused.errorCode()).contains(ErrorCode.REFUSED_STREAM);
                assertThat(refused.byServer()).isTrue();
                assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(connection.isOpen()).isFalse();
            }
            peer.join(10_000);
        }
    }

    @Test
    void aServerThatBreaksAConnectionRuleGetsGoAwayWithTheCode() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    InputStream in = socket.getInputStream();
                    in.readNBytes(24);
                    OutputStream out = socket.getOutputStream();
                    // SETTINGS (empty), then WINDOW_UPDATE on stream 0 with increment 0: RFC 9113 §6.9 says
                    // PROTOCOL_ERROR for the connection.
                    out.write(HexFormat.of().parseHex("000000040000000000" + "000004080000000000" + "00000000"));
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception e) {
                    // The client closed the connection: what the test expects.
                }
            });
            peer.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
            ClientConnection connection = H2Client.connect(uri,
                    ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));

            CompletableFuture<Response> response = connection.send(Request.get(uri));

            failure(response).isInstanceOf(GoAwayException.class)
                    .withMessageStartingWith("connection closed by h2j: GOAWAY PROTOCOL_ERROR (0x1): ")
                    .withMessageEndingWith("RFC 9113 §6.9: WINDOW_UPDATE with an increment of 0");
            connection.close();
            peer.join(10_000);
        }
    }

    @Test
    void aConnectionRefusedNamesTheOrigin() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> H2Client.connect(URI.create("http://127.0.0.1:" + port)))
                .isInstanceOf(H2ClientException.class).hasMessageStartingWith("cannot connect to http://127.0.0.1:" + port);
    }
}

package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.hpack.HeaderField;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 7540 §3.2: h2c by upgrade, carried by the first request, and a server that will not upgrade. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientUpgradeTest {
    final List<TestServer.Request> seen = new CopyOnWriteArrayList<>();

    TestServer server() throws Exception {
        return TestServer.cleartext(request -> {
            seen.add(request);
            return new Reply.Respond(200, List.of(), ("you asked " + request.header(":method") + " "
                    + request.path()).getBytes(), List.of());
        });
    }

    @Test
    void theFirstGetCarriesTheUpgradeAndItsResponseArrivesOnStreamOne() throws Exception {
        List<String> heads = new CopyOnWriteArrayList<>();
        FrameListener recorder = new FrameListener() {
            @Override
            public void frame(Direction direction, dev.h2j.frame.Frame frame, int length, List<HeaderField> fields) {
            }

            @Override
            public void upgrade(Direction direction, String head) {
                heads.add(direction + " " + head);
            }
        };
        try (TestServer server = server();
                ClientConnection connection = H2Client.connect(server.uri("/"),
                        ClientOptions.defaults().withFrameListener(recorder))) {
            Response first = connection.execute(Request.newBuilder(server.uri("/first")).header("x-a", "1").build());
            Response second = connection.execute(Request.get(server.uri("/second")));

            assertThat(first.streamId()).isEqualTo(1);
            assertThat(first.bodyText()).isEqualTo("you asked GET /first");
            assertThat(second.streamId()).isEqualTo(3);
            assertThat(second.bodyText()).isEqualTo("you asked GET /second");
            assertThat(seen.get(0).header("x-a")).isEqualTo("1");
            assertThat(server.connections()).isEqualTo(1);
        }
        assertThat(heads.get(0)).startsWith("SENT GET /first HTTP/1.1\r\nHost: 127.0.0.1:")
                .contains("\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: ");
        assertThat(heads.get(1)).startsWith("RECEIVED HTTP/1.1 101 Switching Protocols\r\n");
    }

    @Test
    void requestsSentDuringTheUpgradeFollowOverH2() throws Exception {
        try (TestServer server = server();
                ClientConnection connection = H2Client.connect(server.uri("/"))) {
            List<CompletableFuture<Response>> responses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                responses.add(connection.send(Request.get(server.uri("/" + i))));
            }

            for (int i = 0; i < 10; i++) {
                Response response = responses.get(i).get(10, TimeUnit.SECONDS);
                assertThat(response.bodyText()).isEqualTo("you asked GET /" + i);
                assertThat(response.streamId()).isEqualTo(2 * i + 1);
            }
        }
    }

    @Test
    void aFirstRequestWithABodyLetsOptionsAsteriskCarryTheUpgrade() throws Exception {
        try (TestServer server = server();
                ClientConnection connection = H2Client.connect(server.uri("/"))) {
            Response response = connection.execute(Request.newBuilder(server.uri("/upload")).method("POST")
                    .body("data".getBytes()).build());

            assertThat(response.bodyText()).isEqualTo("you asked POST /upload");
            assertThat(response.streamId()).isEqualTo(3);
            assertThat(seen.get(0).header(":method")).isEqualTo("OPTIONS");
            assertThat(seen.get(0).path()).isEqualTo("*");
            assertThat(seen.get(1).body()).isEqualTo("data".getBytes());
        }
    }

    @Test
    void headCannotCarryTheUpgradeEither() throws Exception {
        try (TestServer server = server();
                ClientConnection connection = H2Client.connect(server.uri("/"))) {
            Response response = connection.execute(Request.newBuilder(server.uri("/h")).method("HEAD").build());

            assertThat(response.streamId()).isEqualTo(3);
            assertThat(seen.get(1).header(":method")).isEqualTo("HEAD");
        }
    }

    @Test
    void aServerThatSpeaksH2AtOnceIsToldApartFromOneThatRefuses() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (java.net.Socket socket = listener.accept()) {
                    // As nghttpd does: no HTTP/1.1 at all, its SETTINGS straight away.
                    socket.getOutputStream().write(java.util.HexFormat.of().parseHex("000006040000000000000300000064"));
                    socket.getInputStream().readNBytes(64);
                } catch (java.io.IOException e) {
                    // The client hung up: expected.
                }
            });
            peer.start();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
            try (ClientConnection connection = H2Client.connect(uri)) {
                assertThat(connection.send(Request.get(uri))).failsWithin(10, TimeUnit.SECONDS)
                        .withThrowableOfType(Exception.class).havingCause().isInstanceOf(H2ClientException.class)
                        .withMessage("h2c upgrade: the server did not answer the upgrade request in HTTP/1.1 (RFC 7540"
                                + " §3.2) but with octets 00 00 06 04 00 00 00 00 00, an HTTP/2 SETTINGS frame: it"
                                + " expects prior knowledge (RFC 9113 §3.3), try that");
            }
            peer.join(10_000);
        }
    }

    @Test
    void aServerThatAnswersInHttp11FailsEveryRequestClearly() throws Exception {
        try (TestServer server = TestServer.http1Only();
                ClientConnection connection = H2Client.connect(server.uri("/"))) {
            CompletableFuture<Response> first = connection.send(Request.get(server.uri("/a")));
            CompletableFuture<Response> second = connection.send(Request.get(server.uri("/b")));

            for (CompletableFuture<Response> response : List.of(first, second)) {
                assertThat(response).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                        .havingCause().isInstanceOf(UpgradeRefusedException.class)
                        .withMessage("h2c upgrade refused: the server answered \"HTTP/1.1 200 OK\" instead of 101"
                                + " Switching Protocols (RFC 7540 §3.2); it does not speak HTTP/2 by upgrade: try"
                                + " prior knowledge or https");
            }
            assertThat(connection.isOpen()).isFalse();
        }
    }
}

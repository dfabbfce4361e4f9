package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.hpack.HeaderField;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests and responses over one prior-knowledge connection: bodies both ways, multiplexing, trailers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientRequestsTest {
    static final byte[] LARGE = random(16 << 20, 1);
    static final byte[] UPLOAD = random(1 << 20, 2);

    TestServer server;
    ClientConnection connection;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.cleartext(request -> switch (request.path()) {
            case "/large" -> Reply.ok(LARGE);
            case "/echo" -> new Reply.Respond(200, List.of(HeaderField.of("x-method", request.header(":method"))),
                    request.body(), request.trailers());
            default -> Reply.ok("hello from " + request.path());
        });
        connection = H2Client.connect(server.uri("/"),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
    }

    @AfterEach
    void stop() throws Exception {
        connection.abort();
        server.close();
    }

    @Test
    void aGetReturnsStatusHeadersAndBody() throws Exception {
        Response response = connection.execute(Request.get(server.uri("/small")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get(0)).isEqualTo(HeaderField.of(":status", "200"));
        assertThat(response.bodyText()).isEqualTo("hello from /small");
        assertThat(response.trailers()).isEmpty();
        assertThat(response.streamId()).isEqualTo(1);
    }

    @Test
    void aSixteenMebibyteBodyStreamsThroughWithItsDigestIntact() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long length;
        try (ResponseStream response = connection.stream(Request.get(server.uri("/large"))).join();
                InputStream body = new DigestInputStream(response.body(), digest)) {
            length = body.transferTo(java.io.OutputStream.nullOutputStream());
        }

        assertThat(length).isEqualTo(LARGE.length);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha256(LARGE));
    }

    @Test
    void aHundredConcurrentRequestsShareOneConnection() throws Exception {
        List<CompletableFuture<Response>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(connection.send(Request.get(server.uri("/item/" + i))));
        }

        for (int i = 0; i < 100; i++) {
            Response response = responses.get(i).get(20, TimeUnit.SECONDS);
            assertThat(response.bodyText()).isEqualTo("hello from /item/" + i);
            // RFC 9113 §5.1.1: client streams are odd and increase in the order requests were sent.
            assertThat(response.streamId()).isEqualTo(2 * i + 1);
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aOneMebibytePostIsEchoedBack() throws Exception {
        Request post = Request.newBuilder(server.uri("/echo")).method("POST").body(UPLOAD).build();

        Response response = connection.execute(post);

        assertThat(response.header("x-method")).contains("POST");
        assertThat(sha256(response.body())).isEqualTo(sha256(UPLOAD));
    }

    @Test
    void aBodyStreamedFromAnInputStreamCarriesTrailersComputedAfterIt() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        InputStream body = new DigestInputStream(new ByteArrayInputStream(UPLOAD), digest);
        Request post = Request.newBuilder(server.uri("/echo")).method("PUT").body(body)
                .trailers(() -> List.of(HeaderField.of("x-sha256", HexFormat.of().formatHex(digest.digest()))))
                .build();

        Response response = connection.execute(post);

        assertThat(sha256(response.body())).isEqualTo(sha256(UPLOAD));
        // The in-test server echoes the request's trailers as the response's: they went both ways.
        assertThat(response.trailers()).containsExactly(HeaderField.of("x-sha256", sha256(UPLOAD)));
    }

    @Test
    void trailersWithoutABodyFollowTheHeaders() throws Exception {
        Request request = Request.newBuilder(server.uri("/echo"))
                .trailers(List.of(HeaderField.of("x-done", "yes"))).build();

        try (ResponseStream response = connection.stream(request).join()) {
            assertThat(response.body().readAllBytes()).isEmpty();
            assertThat(response.trailers()).containsExactly(HeaderField.of("x-done", "yes"));
        }
    }

    @Test
    void aCollectedBodyOverTheLimitCancelsOnlyThatRequest() throws Exception {
        ClientConnection small = H2Client.connect(server.uri("/"), ClientOptions.defaults()
                .withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE).withMaxResponseBodySize(1 << 20));
        try {
            CompletableFuture<Response> large = small.send(Request.get(server.uri("/large")));

            assertThat(large).failsWithin(20, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                    .havingCause().isInstanceOf(H2ClientException.class)
                    .withMessageContaining("longer than 1048576 octets");
            assertThat(small.execute(Request.get(server.uri("/after"))).bodyText()).isEqualTo("hello from /after");
        } finally {
            small.abort();
        }
    }

    @Test
    void aRequestForAnotherOriginIsRefused() {
        URI elsewhere = URI.create("http://127.0.0.1:1/");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connection.send(Request.get(elsewhere)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://127.0.0.1:1");
    }

    static byte[] random(int length, long seed) {
        byte[] octets = new byte[length];
        new Random(seed).nextBytes(octets);
        return octets;
    }

    static String sha256(byte[] octets) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(octets));
    }
}

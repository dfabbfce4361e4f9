package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.hpack.HeaderField;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import dev.h2j.io.server.H2Server;
import dev.h2j.io.testing.Certificates;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The H2Server example's routes, over TLS and cleartext, from the JDK's HttpClient and h2j's client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NioServerTest {

    private static H2Server server;
    private static URI tls;
    private static URI cleartext;

    @BeforeAll
    static void start() throws Exception {
        server = NioServer.start(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                Certificates.selfSigned().serverContext());
        tls = URI.create("https://localhost:" + server.tlsAddresses().get(0).getPort() + "/");
        cleartext = URI.create("http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jdkHttpClientGetsTheRootOverTlsWithAlpnH2() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(Certificates.selfSigned().clientContext()).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(tls).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from h2j\n");
    }

    @Test
    void jdkHttpClientGetsTheRootOverAnH2cUpgrade() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(cleartext.resolve("/countdown"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo("10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n");
    }

    @Test
    void echoSendsAMebibyteBackWithTheRequestTrailers() throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);
        try (ClientConnection connection = H2Client.connect(cleartext,
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            Response response = connection.execute(Request.newBuilder(cleartext.resolve("/echo")).method("POST")
                    .header("content-type", "application/x-test").body(body)
                    .trailers(List.of(HeaderField.of("x-checksum", "7"))).build());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-type")).contains("application/x-test");
            assertThat(response.body()).isEqualTo(body);
            assertThat(response.trailers()).containsExactly(HeaderField.of("x-checksum", "7"));
        }
    }

    @Test
    void countdownArrivesInPiecesAndEndsWithATrailer() throws Exception {
        try (ClientConnection connection = H2Client.connect(tls,
                ClientOptions.defaults().withSslContext(Certificates.selfSigned().clientContext()))) {
            Response response = connection.execute(Request.get(tls.resolve("/countdown")));

            assertThat(response.bodyText()).isEqualTo("10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n");
            assertThat(response.trailers()).containsExactly(HeaderField.of("x-countdown", "done"));
        }
    }

    @Test
    void otherPathsAre404() throws Exception {
        try (ClientConnection connection = H2Client.connect(cleartext,
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            assertThat(connection.execute(Request.get(cleartext.resolve("/nowhere"))).status()).isEqualTo(404);
        }
    }
}

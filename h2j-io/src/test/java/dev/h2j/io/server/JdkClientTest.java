package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JDK's HttpClient (HTTP_2) against the server: https with ALPN h2, and http with the h2c upgrade. */
@Timeout(30)
class JdkClientTest {
    static final List<AccessLogEntry> LOG = new CopyOnWriteArrayList<>();
    static H2Server server;
    static HttpClient client;

    /** Echoes method, path, scheme and body, so both upgrade paths are visible in the answer. */
    static final Handler ECHO = (request, response) -> {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        request.onBody(new BodyListener() {
            @Override
            public void onData(ByteBuffer data, Runnable release) {
                byte[] octets = new byte[data.remaining()];
                data.get(octets);
                body.writeBytes(octets);
                release.run();
            }

            @Override
            public void onEnd(List<dev.h2j.hpack.HeaderField> trailers) {
                String text = request.method() + " " + request.scheme() + " " + request.path() + " stream "
                        + request.streamId() + " body=" + body.toString(StandardCharsets.UTF_8);
                response.send(Headers.response(200).add("content-type", "text/plain").build(),
                        ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            }
        });
    };

    @BeforeAll
    static void start() throws Exception {
        server = Servers.builder(ECHO).tls(Servers.loopback(), TestTls.get().server).cleartext(Servers.loopback())
                .accessLog(LOG::add).build().start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(TestTls.get().client)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static URI uri(String scheme, InetSocketAddress address, String path) {
        return URI.create(scheme + "://127.0.0.1:" + address.getPort() + path);
    }

    @Test
    void httpsGetUsesHttp2() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(uri("https", server.tlsAddresses().get(0), "/secure?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("GET https /secure?x=1 stream ").endsWith("body=");
    }

    @Test
    void httpsPostBodyArrives() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(uri("https", server.tlsAddresses().get(0), "/upload"))
                        .POST(HttpRequest.BodyPublishers.ofString("payload")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).startsWith("POST https /upload").endsWith("body=payload");
    }

    @Test
    void httpGetIsUpgradedToH2c() throws Exception {
        // A fresh client: the upgrade happens on its first connection to the server (RFC 7540 §3.2).
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = fresh.send(
                HttpRequest.newBuilder(uri("http", server.cleartextAddresses().get(0), "/plain")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo("GET http /plain stream 1 body=");
        // Later requests reuse the upgraded connection: odd streams after 1.
        HttpResponse<String> second = fresh.send(
                HttpRequest.newBuilder(uri("http", server.cleartextAddresses().get(0), "/again")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(second.body()).isEqualTo("GET http /again stream 3 body=");
    }

    @Test
    void httpPostWithSmallBodyIsUpgradedWithItsBody() throws Exception {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = fresh.send(
                HttpRequest.newBuilder(uri("http", server.cleartextAddresses().get(0), "/form"))
                        .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("POST http /form stream 1 body=a=1&b=2");
    }

    @Test
    void accessLogHasOneEntryPerStream() throws Exception {
        client.send(HttpRequest.newBuilder(uri("https", server.tlsAddresses().get(0), "/logged")).build(),
                HttpResponse.BodyHandlers.ofString());
        // The entry is written when the stream is over, which may be just after the client has its answer.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (LOG.stream().noneMatch(e -> e.path().equals("/logged")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        AccessLogEntry entry = LOG.stream().filter(e -> e.path().equals("/logged")).findFirst().orElseThrow();
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.protocol()).isEqualTo("h2");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.bytes()).isEqualTo("GET https /logged stream ".length()
                + Integer.toString(entry.streamId()).length() + " body=".length());
        assertThat(entry.reset()).isEmpty();
        assertThat(entry.streamId() % 2).isEqualTo(1);
    }
}

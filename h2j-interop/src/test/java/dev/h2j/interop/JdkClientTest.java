package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.hpack.HeaderField;
import dev.h2j.io.testing.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's {@code java.net.http.HttpClient} (version HTTP_2) against h2j: over https with ALPN h2
 * ({@link Peer#JDK_TLS}), and over http by the h2c upgrade ({@link Peer#JDK_H2C}).
 *
 * <p>Over http the client has no HTTP/2 connection until its first request upgrades one (RFC 7540
 * §3.2; it sends the upgrade on any request while none is pooled, each on a new connection); the
 * scenarios then run on the upgraded connection. h2j takes an upgrade request's body only up to 64 KiB
 * with a Content-Length (it reads it whole before switching), so the 1 MiB POST of
 * {@link Scenario#POST_ECHO} goes on the upgraded connection, as every later request of the client does.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkClientTest {
    private static InteropServer tlsServer;
    private static InteropServer h2cServer;
    private static LibraryScenarios tls;
    private static LibraryScenarios h2c;

    @BeforeAll
    static void start() throws Exception {
        String version = "java.net.http of JDK " + Runtime.version();
        Matrix.version(Peer.JDK_TLS, version);
        Matrix.version(Peer.JDK_H2C, version);
        // A server per row: the scenarios read their server's records as their client's alone.
        tlsServer = InteropServer.start();
        h2cServer = InteropServer.start();
        tls = new LibraryScenarios(tlsServer, target -> new Jdk(target.tlsUri()));
        h2c = new LibraryScenarios(h2cServer, JdkClientTest::upgraded);
    }

    @AfterAll
    static void stop() throws Exception {
        try (InteropServer first = tlsServer; InteropServer second = h2cServer; LibraryScenarios one = tls;
                LibraryScenarios other = h2c) {
            // closes the clients, then the servers, whichever of them were made
        }
    }

    /**
     * A client whose first request upgraded its connection: the response came over HTTP/2, and the
     * server answered the upgraded request on stream 1 (RFC 7540 §3.2).
     */
    private static Jdk upgraded(InteropServer target) throws Exception {
        Jdk jdk = new Jdk(target.cleartextUri());
        String path = "/small.txt?upgrade=" + System.nanoTime();
        HttpResponse<String> response = jdk.client.send(jdk.request(LibraryClient.Call.get(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).as("protocol after the upgrade").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo(Site.SMALL);
        assertThat(target.requests()).filteredOn(seen -> seen.path().equals(path))
                .singleElement().extracting(InteropServer.Seen::streamId).isEqualTo(1);
        return jdk;
    }

    /** The JDK's client, HTTP/2 only, trusting the test certificate. */
    private static final class Jdk implements LibraryClient {
        private final URI origin;
        private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "interop-jdk-client");
            thread.setDaemon(true);
            return thread;
        });
        private final HttpClient client;

        Jdk(URI origin) {
            this.origin = origin;
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).executor(executor)
                    .sslContext(Certificates.selfSigned().clientContext()).connectTimeout(Duration.ofSeconds(10))
                    .build();
        }

        HttpRequest.Builder request(Call call) {
            HttpRequest.Builder request = HttpRequest.newBuilder(origin.resolve(call.path()))
                    .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(call.body()));
            for (HeaderField field : call.fields()) {
                request.header(field.name(), field.value());
            }
            return request;
        }

        @Override
        public CompletableFuture<Answer> send(Call call) {
            return client.sendAsync(request(call).build(), HttpResponse.BodyHandlers.ofByteArray())
                    // java.net.http has no API for trailer fields: it decodes them and drops them.
                    .thenApply(response -> new Answer(http2(response).statusCode(), response.body(), List.of()));
        }

        @Override
        public CompletableFuture<Long> readThenCancel(String path, int octets) {
            // Closing the body's stream before its end cancels the exchange: RST_STREAM CANCEL.
            return client.sendAsync(request(Call.get(path)).build(), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApplyAsync(response -> {
                        try (InputStream body = http2(response).body()) {
                            return (long) body.readNBytes(octets).length;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, executor);
        }

        private static <T> HttpResponse<T> http2(HttpResponse<T> response) {
            if (response.version() != HttpClient.Version.HTTP_2) {
                throw new IllegalStateException("the response came over " + response.version());
            }
            return response;
        }

        @Override
        public void close() {
            // Java 17's HttpClient has no close: its connections end with its executor and the server.
            executor.shutdownNow();
        }
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.SMALL_GET)
    void tlsSmallGet() throws Exception {
        tls.smallGet();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.LARGE_GET)
    void tlsLargeGet() throws Exception {
        tls.largeGet();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.POST_ECHO)
    void tlsPostEcho() throws Exception {
        tls.postEcho();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.CONCURRENT_STREAMS)
    void tlsConcurrentStreams() throws Exception {
        tls.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.RESET_MID_BODY)
    void tlsResetMidBody() throws Exception {
        tls.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void tlsGoawayUnderLoad() throws Exception {
        tls.goawayUnderLoad();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.LARGE_HEADER)
    void tlsLargeHeader() throws Exception {
        tls.largeHeader();
    }

    @Test
    @Cell(peer = Peer.JDK_TLS, scenario = Scenario.MANY_HEADERS)
    void tlsManyHeaders() throws Exception {
        tls.manyHeaders();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.SMALL_GET)
    void h2cSmallGet() throws Exception {
        h2c.smallGet();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.LARGE_GET)
    void h2cLargeGet() throws Exception {
        h2c.largeGet();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.POST_ECHO)
    void h2cPostEcho() throws Exception {
        h2c.postEcho();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.CONCURRENT_STREAMS)
    void h2cConcurrentStreams() throws Exception {
        h2c.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.RESET_MID_BODY)
    void h2cResetMidBody() throws Exception {
        h2c.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void h2cGoawayUnderLoad() throws Exception {
        h2c.goawayUnderLoad();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.LARGE_HEADER)
    void h2cLargeHeader() throws Exception {
        h2c.largeHeader();
    }

    @Test
    @Cell(peer = Peer.JDK_H2C, scenario = Scenario.MANY_HEADERS)
    void h2cManyHeaders() throws Exception {
        h2c.manyHeaders();
    }
}

package dev.h2j.interop;

import dev.h2j.hpack.HeaderField;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OkHttp 5 against h2j over https, HTTP/2 chosen by ALPN: every response must say
 * {@code Protocol.HTTP_2}. Trailers are read with {@code Response.trailers()} after the body.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OkHttpClientTest {
    private static InteropServer server;
    private static LibraryScenarios scenarios;

    @BeforeAll
    static void start() throws Exception {
        Matrix.version(Peer.OKHTTP, "OkHttp " + OkHttp.VERSION);
        server = InteropServer.start();
        scenarios = new LibraryScenarios(server, target -> new OkHttpLibrary(target));
    }

    @AfterAll
    static void stop() throws Exception {
        try (InteropServer stopping = server; LibraryScenarios closing = scenarios) {
            // closes the client, then the server, whichever of them were made
        }
    }

    /** OkHttp trusting the test certificate, with room for 100 calls to one host at once. */
    private static final class OkHttpLibrary implements LibraryClient {
        private final URI origin;
        private final OkHttpClient client;

        OkHttpLibrary(InteropServer target) throws GeneralSecurityException, IOException {
            this.origin = target.tlsUri();
            X509TrustManager trust = trusting(target);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            // The dispatcher runs at most 5 calls per host by default; the others would wait in its queue.
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(4 * ClientScenarios.CONCURRENT);
            dispatcher.setMaxRequestsPerHost(4 * ClientScenarios.CONCURRENT);
            this.client = new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trust)
                    .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).dispatcher(dispatcher)
                    .readTimeout(30, TimeUnit.SECONDS).build();
        }

        /** A trust manager for the server's certificate alone: OkHttp wants one beside the socket factory. */
        private static X509TrustManager trusting(InteropServer target) throws GeneralSecurityException, IOException {
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            try (InputStream pem = Files.newInputStream(target.certificatePem())) {
                keys.setCertificateEntry("h2j", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keys);
            return (X509TrustManager) factory.getTrustManagers()[0];
        }

        private Request request(Call call) {
            Request.Builder request = new Request.Builder().url(origin.resolve(call.path()).toString());
            for (HeaderField field : call.fields()) {
                request.addHeader(field.name(), field.value());
            }
            String type = call.fields().stream().filter(field -> field.name().equals("content-type"))
                    .map(HeaderField::value).findFirst().orElse(null);
            RequestBody body = call.body() == null ? null
                    : RequestBody.create(call.body(), type == null ? null : MediaType.get(type));
            return request.method(call.method(), body).build();
        }

        /** Runs the call on the dispatcher; {@code read} consumes the response, closed afterwards. */
        private <T> CompletableFuture<T> enqueue(Request request, ResponseReader<T> read) {
            CompletableFuture<T> result = new CompletableFuture<>();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(okhttp3.Call call, IOException e) {
                    result.completeExceptionally(e);
                }

                @Override
                public void onResponse(okhttp3.Call call, Response response) {
                    try (response) {
                        if (response.protocol() != Protocol.HTTP_2) {
                            throw new IllegalStateException("the response came over " + response.protocol());
                        }
                        result.complete(read.read(response));
                    } catch (IOException | RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }
            });
            return result;
        }

        @Override
        public CompletableFuture<Answer> send(Call call) {
            return enqueue(request(call), response -> {
                byte[] body = response.body().bytes();
                // Response.trailers() is known once the body was read to its end.
                Headers trailers = response.trailers();
                List<HeaderField> fields = new ArrayList<>();
                for (int i = 0; i < trailers.size(); i++) {
                    fields.add(HeaderField.of(trailers.name(i), trailers.value(i)));
                }
                return new Answer(response.code(), body, fields);
            });
        }

        @Override
        public CompletableFuture<Long> readThenCancel(String path, int octets) {
            // Closing the response before the body's end cancels the stream: RST_STREAM CANCEL.
            return enqueue(request(Call.get(path)),
                    response -> (long) response.body().source().readByteArray(octets).length);
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Reads what a test needs of a response, on the dispatcher's thread. */
    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(Response response) throws IOException;
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        scenarios.goawayUnderLoad();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader();
    }

    @Test
    @Cell(peer = Peer.OKHTTP, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders();
    }
}

package dev.h2j.interop;

import dev.h2j.hpack.HeaderField;
import dev.h2j.interop.LibraryClient.Answer;
import dev.h2j.io.testing.Certificates;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jetty 12's low-level {@code HTTP2Client} against h2j over TLS with ALPN h2 (jetty-alpn-java-client, on
 * the JDK's TLS): one {@code Session}, a {@code Stream} per request, the body read by demand.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JettyClientTest {
    private static InteropServer server;
    private static LibraryScenarios scenarios;

    @BeforeAll
    static void start() throws Exception {
        Matrix.version(Peer.JETTY_CLIENT, "Jetty " + Jetty.VERSION);
        server = InteropServer.start();
        scenarios = new LibraryScenarios(server, JettyLibrary::new);
    }

    @AfterAll
    static void stop() throws Exception {
        try (InteropServer stopping = server; LibraryScenarios closing = scenarios) {
            // closes the client, then the server, whichever of them were made
        }
    }

    /** An HTTP2Client with one session to the server. */
    private static final class JettyLibrary implements LibraryClient {
        private final URI origin;
        private final HTTP2Client client = new HTTP2Client();
        private final Session session;

        JettyLibrary(InteropServer target) throws Exception {
            this.origin = target.tlsUri();
            SslContextFactory.Client tls = new SslContextFactory.Client();
            tls.setSslContext(Certificates.selfSigned().clientContext());
            client.getClientConnector().setSslContextFactory(tls);
            try {
                client.start();
                // With an SslContextFactory the client offers ALPN h2 and fails a session that does not get it.
                session = client.connect(tls, new InetSocketAddress(origin.getHost(), origin.getPort()),
                        new Session.Listener() {}).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                client.stop();
                throw e;
            }
        }

        /** Opens a stream with the request's HEADERS, then sends its body, if any, as one DATA frame. */
        private <T> CompletableFuture<T> open(Call call, StreamReader<T> reader) {
            HttpFields.Mutable fields = HttpFields.build();
            for (HeaderField field : call.fields()) {
                fields.add(field.name(), field.value());
            }
            MetaData.Request request = new MetaData.Request(call.method(),
                    HttpURI.from(origin.resolve(call.path()).toString()), HttpVersion.HTTP_2, fields);
            session.newStream(new HeadersFrame(request, null, call.body() == null), reader)
                    .whenComplete((stream, failure) -> {
                        if (failure != null) {
                            reader.result.completeExceptionally(failure);
                        } else if (call.body() != null) {
                            // The session splits the frame as the peer's windows and frame size allow.
                            stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(call.body()), true))
                                    .whenComplete((sent, error) -> {
                                        if (error != null) {
                                            reader.result.completeExceptionally(error);
                                        }
                                    });
                        }
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
        public void close() throws Exception {
            try {
                session.close(ErrorCode.NO_ERROR.code, "done", Callback.NOOP);
            } finally {
                client.stop();
            }
        }
    }

    /** Reads one stream into a result: its response HEADERS, its DATA by demand, its trailer HEADERS. */
    private abstract static class StreamReader<T> implements Stream.Listener {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<HeaderField> trailers = new ArrayList<>();
        int status;

        /** The result of a stream the server ended. */
        abstract T ended();

        /** Runs after each DATA frame that did not end the stream; returns whether to read on. */
        boolean dataRead(Stream stream) {
            return true;
        }

        @Override
        public void onHeaders(Stream stream, HeadersFrame frame) {
            if (frame.getMetaData() instanceof MetaData.Response response) {
                status = response.getStatus();
            } else {
                for (HttpField field : frame.getMetaData().getHttpFields()) {
                    trailers.add(HeaderField.of(field.getName(), field.getValue()));
                }
            }
            if (frame.isEndStream()) {
                finish();
            } else {
                stream.demand();
            }
        }

        @Override
        public void onDataAvailable(Stream stream) {
            Stream.Data data = stream.readData();
            if (data == null) {
                stream.demand();
                return;
            }
            ByteBuffer content = data.frame().getByteBuffer();
            byte[] octets = new byte[content.remaining()];
            content.get(octets);
            body.writeBytes(octets);
            boolean last = data.frame().isEndStream();
            data.release();
            if (last) {
                finish();
            } else if (dataRead(stream)) {
                stream.demand();
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
        public void onReset(Stream stream, ResetFrame frame, Callback callback) {
            result.completeExceptionally(new IllegalStateException("the server reset the stream: "
                    + ErrorCode.toString(frame.getError(), "code " + frame.getError())));
            callback.succeeded();
        }

        @Override
        public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
            result.completeExceptionally(new IllegalStateException("the stream failed: " + reason, failure));
            callback.succeeded();
        }

        @Override
        public void onClosed(Stream stream) {
            // Jetty closes a stream when its last frame arrives, before it delivers that frame: a stream
            // the server did not end (a reset, a failed session) is one it leaves unfinished.
            if (!stream.isRemotelyClosed()) {
                result.completeExceptionally(new IllegalStateException("the stream closed before its end"));
            }
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
     * Resets the stream with CANCEL (RFC 9113 §8.7) once {@code octets} of body arrived; the result is how
     * many octets arrived.
     */
    private static final class CancelAfter extends StreamReader<Long> {
        private final String path;
        private final int octets;

        CancelAfter(String path, int octets) {
            this.path = path;
            this.octets = octets;
        }

        @Override
        boolean dataRead(Stream stream) {
            if (body.size() < octets) {
                return true;
            }
            stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
            result.complete((long) body.size());
            return false;
        }

        @Override
        Long ended() {
            throw new IllegalStateException(path + " ended after " + body.size() + " octets, before the cancel");
        }
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader();
    }

    @Test
    @Cell(peer = Peer.JETTY_CLIENT, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders();
    }
}

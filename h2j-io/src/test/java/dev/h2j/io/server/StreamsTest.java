package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handler API over real connections: many streams, bodies both ways, trailers, resets. */
@Timeout(30)
class StreamsTest {
    static final ScheduledExecutorService WORKERS = Executors.newScheduledThreadPool(2);
    static final CompletableFuture<ErrorCode> CANCELLED = new CompletableFuture<>();
    static final CompletableFuture<String> LATE_BODY = new CompletableFuture<>();
    static final RecordingLogger LOG = new RecordingLogger();
    static H2Server server;
    static InetSocketAddress address;

    static void route(Request request, Response response) {
        switch (request.path()) {
            case "/echo":
                // Streams the body back as it arrives; each chunk is released once it was written.
                response.sendHeaders(Headers.response(200).build());
                request.onBody(new BodyListener() {
                    @Override
                    public void onData(ByteBuffer data, Runnable release) {
                        response.write(data, release);
                    }

                    @Override
                    public void onEnd(List<HeaderField> trailers) {
                        response.end(Headers.trailers().add("x-request-trailers", Integer.toString(trailers.size()))
                                .build());
                    }
                });
                break;
            case "/trailers":
                request.onBody(new BodyListener() {
                    @Override
                    public void onData(ByteBuffer data, Runnable release) {
                        release.run();
                    }

                    @Override
                    public void onEnd(List<HeaderField> trailers) {
                        response.sendHeaders(Headers.response(200).build());
                        response.write(ByteBuffer.wrap("body".getBytes(StandardCharsets.UTF_8)), null);
                        response.end(Headers.trailers().add("x-checksum", Headers.first(trailers, "x-sent").orElse("?"))
                                .build());
                    }
                });
                break;
            case "/later":
                // Answered from another thread, after the handler returned.
                WORKERS.schedule(() -> response.send(Headers.response(202).build(),
                        ByteBuffer.wrap("later".getBytes(StandardCharsets.UTF_8))), 20, TimeUnit.MILLISECONDS);
                break;
            case "/throws":
                throw new IllegalStateException("the handler failed on purpose");
            case "/forever":
                response.sendHeaders(Headers.response(200).build());
                response.onReset(CANCELLED::complete);
                break;
            case "/channel":
                byte[] content = new byte[300_000];
                new Random(7).nextBytes(content);
                response.send(Headers.response(200).add("content-length", "300000").build(),
                        Channels.newChannel(new java.io.ByteArrayInputStream(content)));
                break;
            case "/interim":
                response.sendHeaders(Headers.response(103).add("link", "</style.css>; rel=preload").build());
                response.send(Headers.response(200).build());
                break;
            case "/priority":
                String text = request.priority().orElse("-") + " " + request.rfc7540Priority()
                        .map(p -> p.weight() + "/" + p.dependsOn()).orElse("-");
                response.send(Headers.response(200).build(), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                break;
            case "/received":
                String times = request.receivedNanos() + " " + System.nanoTime();
                response.send(Headers.response(200).build(), ByteBuffer.wrap(times.getBytes(StandardCharsets.UTF_8)));
                break;
            case "/late-body":
                // The response is complete before anyone reads the body; a listener set later still gets it.
                WORKERS.schedule(() -> response.send(Headers.response(200).build()), 50, TimeUnit.MILLISECONDS);
                WORKERS.schedule(() -> request.onBody(new BodyListener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public void onData(ByteBuffer data, Runnable release) {
                        text.append(StandardCharsets.UTF_8.decode(data));
                        release.run();
                    }

                    @Override
                    public void onEnd(List<HeaderField> trailers) {
                        LATE_BODY.complete(text.toString());
                    }
                }), 200, TimeUnit.MILLISECONDS);
                break;
            default:
                Servers.HELLO.handle(request, response);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = Servers.builder(StreamsTest::route).cleartext(Servers.loopback())
                .configuration(dev.h2j.H2Configuration.server().withLogger(LOG)).build().start();
        address = server.cleartextAddresses().get(0);
    }

    @AfterAll
    static void stop() {
        server.close();
        WORKERS.shutdownNow();
    }

    @Test
    void hundredConcurrentStreamsOnOneConnection() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add(client.request("GET", "/item/" + i, true));
            }
            assertThat(client.conn.openOutboundStreams()).isEqualTo(100);
            Set<String> bodies = new HashSet<>();
            for (int id : ids) {
                RawClient.Exchange exchange = client.await(id);
                assertThat(exchange.status()).isEqualTo(200);
                bodies.add(exchange.text());
            }
            assertThat(bodies).hasSize(100).contains("hello from /item/0", "hello from /item/99");
        }
    }

    @Test
    void uploadIsEchoedAsItStreams() throws Exception {
        byte[] upload = new byte[1_000_000];
        new Random(1).nextBytes(upload);
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("POST", "/echo", false);
            // More than the initial windows (65,535): the server must release as it echoes.
            client.send(id, upload, true);
            RawClient.Exchange exchange = client.await(id);
            assertThat(exchange.status()).isEqualTo(200);
            assertThat(exchange.body.toByteArray()).isEqualTo(upload);
            assertThat(Headers.first(exchange.trailers, "x-request-trailers")).contains("0");
        }
    }

    @Test
    void trailersArriveAndAreSent() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("POST", "/trailers", false);
            client.send(id, "content".getBytes(StandardCharsets.UTF_8), false);
            client.conn.sendHeaders(id, Headers.trailers().add("x-sent", "abc123").build(), true);
            client.flush();
            RawClient.Exchange exchange = client.await(id);
            assertThat(exchange.text()).isEqualTo("body");
            assertThat(exchange.trailers).containsExactly(HeaderField.of("x-checksum", "abc123"));
        }
    }

    @Test
    void responseFromAnotherThread() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            RawClient.Exchange exchange = client.await(client.request("GET", "/later", true));
            assertThat(exchange.status()).isEqualTo(202);
            assertThat(exchange.text()).isEqualTo("later");
        }
    }

    @Test
    void receivedNanosIsAfterTheClientSentAndBeforeTheHandlerRan() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            long sent = System.nanoTime();
            String[] times = client.await(client.request("GET", "/received", true)).text().split(" ");
            long received = Long.parseLong(times[0]);
            long handled = Long.parseLong(times[1]);
            assertThat(received - sent).isPositive();
            assertThat(handled - received).isNotNegative();
        }
    }

    @Test
    void handlerThatThrowsResetsItsStreamOnly() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("GET", "/throws", true);
            RawClient.Exchange failed = client.await(id);
            assertThat(failed.reset).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(LOG.entries).anySatisfy(e -> {
                assertThat(e.level()).isEqualTo(System.Logger.Level.WARNING);
                assertThat(e.message()).contains("stream " + id + ": handler threw");
                assertThat(e.thrown()).hasMessage("the handler failed on purpose");
            });
            assertThat(client.await(client.request("GET", "/fine", true)).text()).isEqualTo("hello from /fine");
        }
    }

    @Test
    void clientResetReachesTheResponse() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("GET", "/forever", true);
            client.awaitEvent(dev.h2j.event.ResponseReceived.class, r -> r.streamId() == id);
            client.conn.resetStream(id, ErrorCode.CANCEL);
            client.flush();
            assertThat(CANCELLED.get(10, TimeUnit.SECONDS)).isEqualTo(ErrorCode.CANCEL);
            assertThat(client.await(client.request("GET", "/still", true)).status()).isEqualTo(200);
        }
    }

    @Test
    void contentPulledFromAChannel() throws Exception {
        byte[] expected = new byte[300_000];
        new Random(7).nextBytes(expected);
        try (RawClient client = RawClient.open(address)) {
            RawClient.Exchange exchange = client.await(client.request("GET", "/channel", true));
            assertThat(exchange.body.toByteArray()).isEqualTo(expected);
        }
    }

    @Test
    void interimResponseBeforeTheFinalOne() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("GET", "/interim", true);
            dev.h2j.event.InformationalResponseReceived interim = client.awaitEvent(
                    dev.h2j.event.InformationalResponseReceived.class, r -> r.streamId() == id);
            assertThat(Headers.first(interim.headers(), "link")).contains("</style.css>; rel=preload");
            assertThat(client.await(id).status()).isEqualTo(200);
        }
    }

    @Test
    void prioritySignalsReachTheRequest() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.conn.nextAvailableStreamId();
            client.conn.sendHeaders(id, Headers.request("GET", "http", "localhost", "/priority")
                    .add("priority", "u=1, i").build(), true, new dev.h2j.frame.PrioritySpec(0, false, 42));
            client.flush();
            assertThat(client.await(id).text()).isEqualTo("u=1, i 42/0");
        }
    }

    @Test
    void bodyNobodyReadsIsStoppedWithNoErrorAfterTheResponse() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("POST", "/ignores-body", false);
            client.send(id, new byte[1000], false);
            StreamReset reset = client.awaitEvent(StreamReset.class, r -> r.streamId() == id);
            // RFC 9113 §8.1: a complete response, then RST_STREAM NO_ERROR.
            assertThat(reset.errorCode()).isEqualTo(ErrorCode.NO_ERROR);
            assertThat(client.exchange(id).text()).isEqualTo("hello from /ignores-body");
            assertThat(client.exchange(id).ended).isTrue();
        }
    }

    @Test
    void bodyListenerSetAfterTheResponseStillGetsTheBody() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.conn.nextAvailableStreamId();
            client.conn.sendHeaders(id, Headers.request("POST", "http", "localhost", "/late-body").build(), false);
            String body = "x".repeat(40_000);
            client.send(id, body.getBytes(StandardCharsets.UTF_8), true);
            assertThat(client.await(id).status()).isEqualTo(200);
            // The unread octets were credited back when the stream ended, before anyone read them: more than
            // half the connection window, so a WINDOW_UPDATE on stream 0 says so.
            client.awaitEvent(dev.h2j.event.WindowUpdated.class, w -> w.streamId() == 0 && w.delta() == 40_000);
            assertThat(LATE_BODY.get(10, TimeUnit.SECONDS)).isEqualTo(body);
        }
    }

    @Test
    void priorityUpdateBeforeTheRequestIsKeptForIt() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.conn.nextAvailableStreamId();
            // RFC 9218 §7: a PRIORITY_UPDATE may come before the stream it names is open.
            dev.h2j.frame.FrameBuffer update = new dev.h2j.frame.FrameBuffer();
            new dev.h2j.frame.FrameWriter().writePriorityUpdate(id, "u=0", update);
            client.writeRaw(update.toByteArray());
            client.conn.sendHeaders(id, Headers.request("GET", "http", "localhost", "/priority")
                    .add("priority", "u=5").build(), true);
            client.flush();
            assertThat(client.await(id).text()).isEqualTo("u=0 -");
        }
    }
}

package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.interop.LibraryClient.Answer;
import dev.h2j.interop.LibraryClient.Call;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scenarios with a Java client library as the client and h2j ({@link InteropServer}) serving: each
 * method drives the library through its {@link LibraryClient} adapter, asserts what the library
 * delivered, and checks the server's side from its records (one connection, the CANCEL, the ids it
 * processed).
 *
 * <p>A library's connection is opened once per test class, by the {@link Connector}, and warmed up with
 * one request, so that the scenarios run on one established connection: pooling clients (the JDK's,
 * OkHttp) otherwise open one connection per request that starts before the first finished.
 */
final class LibraryScenarios implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;
    /** How much of a long body {@link #resetMidBody()} reads before it cancels. */
    private static final int READ_BEFORE_CANCEL = 64 << 10;

    /** Opens a library's client to a server. */
    @FunctionalInterface
    interface Connector {
        /** Opens a client to {@code server}; the scenarios warm it up with a first request. */
        LibraryClient open(InteropServer server) throws Exception;
    }

    private final InteropServer server;
    private final Connector connector;
    private final LibraryClient client;
    private final AtomicInteger warmUps = new AtomicInteger();

    /**
     * Scenarios against a running server, through one client for all but the GOAWAY scenario, which
     * needs a server of its own. The server must serve this client alone: the checks read its records.
     */
    LibraryScenarios(InteropServer server, Connector connector) throws Exception {
        this.server = server;
        this.connector = connector;
        this.client = open(server);
    }

    /** {@link Scenario#SMALL_GET}: /small.txt byte for byte. */
    void smallGet() throws Exception {
        Answer answer = await(client.send(Call.get("/small.txt")));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(text(answer)).isEqualTo(Site.SMALL);
    }

    /** {@link Scenario#LARGE_GET}: /big.bin, its 16 MiB and SHA-256. */
    void largeGet() throws Exception {
        Answer answer = await(client.send(Call.get("/big.bin")));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(Site.BIG_SIZE);
        assertThat(Site.sha256(answer.body())).as("SHA-256 of /big.bin").isEqualTo(Site.get().bigSha256());
    }

    /** {@link Scenario#POST_ECHO}: 1 MiB of random octets to /echo come back equal. */
    void postEcho() throws Exception {
        byte[] body = new byte[ClientScenarios.POST_SIZE];
        new Random(1).nextBytes(body);
        Answer answer = await(client.send(Call.post("/echo", body)));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(body.length);
        assertThat(Site.sha256(answer.body())).as("SHA-256 of the echo").isEqualTo(Site.sha256(body));
    }

    /** {@link Scenario#TRAILERS}: /trailers ends with {@code x-interop-trailer: ok} after its body. */
    void trailers() throws Exception {
        Answer answer = await(client.send(Call.get("/trailers")));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(text(answer)).isEqualTo(InteropServer.TRAILERS_BODY);
        assertThat(answer.trailers()).containsExactly(InteropServer.TRAILER);
    }

    /**
     * {@link Scenario#CONCURRENT_STREAMS}: 100 requests started at once, all answered, and the server saw
     * them all on one connection (one client address and port), on 100 distinct client streams.
     */
    void concurrentStreams() throws Exception {
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < ClientScenarios.CONCURRENT; i++) {
            answers.add(client.send(Call.get("/small.txt?concurrent=" + i)));
        }
        for (CompletableFuture<Answer> answer : answers) {
            assertThat(text(await(answer))).isEqualTo(Site.SMALL);
        }
        List<InteropServer.Seen> seen = seen("/small.txt?concurrent=");
        assertThat(seen).hasSize(ClientScenarios.CONCURRENT);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
        // RFC 9113 §5.1.1: one connection, so 100 distinct odd stream ids.
        assertThat(seen.stream().map(InteropServer.Seen::streamId).toList())
                .doesNotHaveDuplicates().allMatch(id -> id % 2 == 1);
    }

    /**
     * {@link Scenario#RESET_MID_BODY}: /drip is cancelled after its first 64 KiB while three other
     * requests on the same connection finish; the server records the reset as CANCEL, and the connection
     * serves a request after it.
     */
    void resetMidBody() throws Exception {
        CompletableFuture<Long> drip = client.readThenCancel("/drip", READ_BEFORE_CANCEL);
        Awaits.until("the server has the /drip request", Duration.ofSeconds(10),
                () -> !server.requests("/drip").isEmpty());
        List<CompletableFuture<Answer>> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(client.send(Call.get("/small.txt?other=" + i)));
        }
        assertThat(await(drip)).isGreaterThanOrEqualTo(READ_BEFORE_CANCEL);
        for (CompletableFuture<Answer> other : others) {
            assertThat(text(await(other))).isEqualTo(Site.SMALL);
        }
        Awaits.until("the server saw the CANCEL", Duration.ofSeconds(10),
                () -> server.resets().contains(new InteropServer.Reset("/drip", ErrorCode.CANCEL)));
        assertThat(text(await(client.send(Call.get("/small.txt?after=reset"))))).isEqualTo(Site.SMALL);
        // The stream was reset, not the connection: the others and the request after it shared it.
        InetSocketAddress connection = server.requests("/drip").get(0).client();
        assertThat(seen("/small.txt?other=")).hasSize(3)
                .allSatisfy(other -> assertThat(other.client()).as("the connection of /drip").isEqualTo(connection));
        assertThat(seen("/small.txt?after=reset")).singleElement()
                .satisfies(after -> assertThat(after.client()).as("the connection of /drip").isEqualTo(connection));
    }

    /**
     * {@link Scenario#GOAWAY_UNDER_LOAD}: 20 requests to /delay in flight on one connection of a server
     * of its own, then that server's graceful close (the two-phase GOAWAY, RFC 9113 §6.8) from another
     * thread. Afterwards every id the server processed was answered to the client, none was processed
     * twice, and every request the client saw fail was one the server never processed.
     */
    void goawayUnderLoad() throws Exception {
        try (InteropServer closing = InteropServer.start(); LibraryClient load = open(closing)) {
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < ClientScenarios.GOAWAY_LOAD; i++) {
                answers.add(load.send(Call.get("/delay?ms=300&id=" + i)));
            }
            Awaits.until("the server took the requests", Duration.ofSeconds(10),
                    () -> closing.processedIds().size() >= ClientScenarios.GOAWAY_LOAD);
            Thread closer = new Thread(closing::close, "interop-close");
            closer.start();
            List<String> answered = new ArrayList<>();
            Map<String, Throwable> failed = new LinkedHashMap<>();
            for (int i = 0; i < answers.size(); i++) {
                String id = Integer.toString(i);
                try {
                    Answer answer = await(answers.get(i));
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(text(answer)).isEqualTo(id);
                    answered.add(id);
                } catch (ExecutionException e) {
                    failed.put(id, e.getCause());
                }
            }
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(closer.isAlive()).as("the server drained and closed").isFalse();
            assertThat(closing.processedIds()).as("ids the server processed").doesNotHaveDuplicates();
            assertThat(answered).as("answered ids (failed: %s)", failed)
                    .containsExactlyInAnyOrderElementsOf(closing.processedIds());
            assertThat(failed.keySet()).as("failed ids").doesNotContainAnyElementsOf(closing.processedIds());
        }
    }

    /** {@link Scenario#LARGE_HEADER}: an 8,192-octet cookie reaches the server whole. */
    void largeHeader() throws Exception {
        String cookie = "big=" + "c".repeat(ClientScenarios.COOKIE_LENGTH - 4);
        Answer answer = await(client.send(Call.get("/headers", List.of(HeaderField.of("cookie", cookie)))));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(text(answer)).contains("cookie=" + ClientScenarios.COOKIE_LENGTH);
    }

    /** {@link Scenario#MANY_HEADERS}: 100 fields {@code x-h-00} to {@code x-h-99} reach the server. */
    void manyHeaders() throws Exception {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < ClientScenarios.EXTRA_FIELDS; i++) {
            fields.add(HeaderField.of(String.format("x-h-%02d", i), "value-" + i));
        }
        Answer answer = await(client.send(Call.get("/headers", fields)));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(text(answer)).contains("x-h=" + ClientScenarios.EXTRA_FIELDS);
    }

    /** Closes the shared client. */
    @Override
    public void close() throws Exception {
        client.close();
    }

    /** Opens a client and makes its connection with a first request, which must succeed. */
    private LibraryClient open(InteropServer target) throws Exception {
        LibraryClient opened = connector.open(target);
        try {
            Answer answer = await(opened.send(Call.get("/small.txt?warm-up=" + warmUps.incrementAndGet())));
            assertThat(text(answer)).as("the first request").isEqualTo(Site.SMALL);
            return opened;
        } catch (Exception | AssertionError e) {
            opened.close();
            throw e;
        }
    }

    private List<InteropServer.Seen> seen(String prefix) {
        return server.requests().stream().filter(request -> request.path().startsWith(prefix)).toList();
    }

    private static String text(Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) throws ExecutionException, InterruptedException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
        }
    }
}

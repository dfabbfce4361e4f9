package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.GoAwayException;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import dev.h2j.io.client.ResponseStream;
import dev.h2j.io.client.StreamResetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scenarios with h2j as the client (the h2j-io {@link H2Client}), against any server that honours
 * the contract of {@link Site} and {@link InteropServer}; each method asserts its scenario's outcome.
 */
public final class ClientScenarios {
    /** How many requests a concurrency scenario keeps in flight on one connection. */
    public static final int CONCURRENT = 100;
    /** The size of the echoed POST body. */
    public static final int POST_SIZE = 1 << 20;
    /** The length of the cookie of {@link Scenario#LARGE_HEADER}. */
    public static final int COOKIE_LENGTH = 8192;
    /** How many x-h-* fields {@link Scenario#MANY_HEADERS} adds. */
    public static final int EXTRA_FIELDS = 100;
    /** How many requests are in flight when the server's GOAWAY comes. */
    public static final int GOAWAY_LOAD = 20;

    private static final long WAIT_SECONDS = 60;

    private final URI origin;
    private final ClientOptions options;

    /**
     * Scenarios against one server.
     *
     * @param origin the server's {@code scheme://host:port}
     * @param options how to connect (trust, prior knowledge or upgrade)
     */
    public ClientScenarios(URI origin, ClientOptions options) {
        this.origin = origin;
        this.options = options;
    }

    /** {@link Scenario#SMALL_GET}: /small.txt byte for byte. */
    public void smallGet() throws Exception {
        try (ClientConnection connection = connect()) {
            Response response = connection.execute(Request.get(uri("/small.txt")));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(Site.SMALL);
        }
    }

    /** {@link Scenario#LARGE_GET}: /big.bin streamed, its 16 MiB and SHA-256 checked. */
    public void largeGet() throws Exception {
        try (ClientConnection connection = connect();
                ResponseStream response = await(connection.stream(Request.get(uri("/big.bin"))))) {
            assertThat(response.status()).isEqualTo(200);
            assertBig(response.body());
        }
    }

    /** {@link Scenario#POST_ECHO}: 1 MiB of random octets to /echo come back equal. */
    public void postEcho() throws Exception {
        byte[] body = new byte[POST_SIZE];
        new Random(1).nextBytes(body);
        try (ClientConnection connection = connect()) {
            Response response = connection.execute(Request.newBuilder(uri("/echo")).method("POST")
                    .header("content-type", "application/octet-stream").body(body).build());
            assertThat(response.status()).isEqualTo(200);
            assertThat(Site.sha256(response.body())).as("SHA-256 of the echo").isEqualTo(Site.sha256(body));
        }
    }

    /** {@link Scenario#TRAILERS}: /trailers ends with {@code x-interop-trailer: ok} after its body. */
    public void trailers() throws Exception {
        Response response = trailers("/trailers");
        assertThat(response.bodyText()).isEqualTo(InteropServer.TRAILERS_BODY);
    }

    /**
     * {@link Scenario#TRAILERS} for servers that add trailers by configuration: the response to
     * {@code path} ends with {@code x-interop-trailer: ok}.
     *
     * @return the response, for more checks
     */
    public Response trailers(String path) throws Exception {
        try (ClientConnection connection = connect()) {
            Response response = connection.execute(Request.get(uri(path)));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.trailers()).contains(InteropServer.TRAILER);
            return response;
        }
    }

    /** {@link Scenario#CONCURRENT_STREAMS}: 100 requests at once on one connection, all answered. */
    public void concurrentStreams() throws Exception {
        try (ClientConnection connection = connect()) {
            List<CompletableFuture<Response>> responses = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                responses.add(connection.send(Request.get(uri("/small.txt?n=" + i))));
            }
            List<Integer> streams = new ArrayList<>();
            for (CompletableFuture<Response> future : responses) {
                Response response = await(future);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo(Site.SMALL);
                streams.add(response.streamId());
            }
            // RFC 9113 §5.1.1: one connection, so 100 distinct odd stream ids.
            assertThat(streams).doesNotHaveDuplicates().allMatch(id -> id % 2 == 1);
        }
    }

    /**
     * {@link Scenario#RESET_MID_BODY}: a long body ({@code /drip} or {@code /big.bin}) is cancelled after
     * its first 64 KiB (RST_STREAM CANCEL, RFC 9113 §8.7) while three other requests on the connection
     * finish, and the connection serves a request after that.
     */
    public void resetMidBody(String path) throws Exception {
        try (ClientConnection connection = connect()) {
            ResponseStream drip = await(connection.stream(Request.get(uri(path))));
            assertThat(drip.status()).isEqualTo(200);
            List<CompletableFuture<Response>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(connection.send(Request.get(uri("/small.txt?other=" + i))));
            }
            byte[] first = drip.body().readNBytes(64 << 10);
            assertThat(first).hasSize(64 << 10);
            drip.close();
            for (CompletableFuture<Response> other : others) {
                assertThat(await(other).bodyText()).isEqualTo(Site.SMALL);
            }
            Response after = connection.execute(Request.get(uri("/small.txt?after=reset")));
            assertThat(after.bodyText()).isEqualTo(Site.SMALL);
        }
    }

    /**
     * {@link Scenario#LARGE_HEADER}: a request with an 8,192-octet cookie. To {@code /headers} the
     * server must report {@code cookie=8192}; to a static file, a 200 with the file is the check.
     */
    public void largeHeader(String path) throws Exception {
        String cookie = "big=" + "c".repeat(COOKIE_LENGTH - 4);
        try (ClientConnection connection = connect()) {
            Response response = connection.execute(Request.newBuilder(uri(path)).header("cookie", cookie).build());
            assertFieldsArrived(path, response, "cookie=" + COOKIE_LENGTH);
        }
    }

    /**
     * {@link Scenario#MANY_HEADERS}: a request with 100 more fields, {@code x-h-00} to {@code x-h-99}. To
     * {@code /headers} the server must report {@code x-h=100}; to a static file, a 200 with the file is
     * the check.
     */
    public void manyHeaders(String path) throws Exception {
        Request.Builder request = Request.newBuilder(uri(path));
        for (int i = 0; i < EXTRA_FIELDS; i++) {
            request.header(String.format("x-h-%02d", i), "value-" + i);
        }
        try (ClientConnection connection = connect()) {
            assertFieldsArrived(path, connection.execute(request.build()), "x-h=" + EXTRA_FIELDS);
        }
    }

    /**
     * {@link Scenario#GOAWAY_UNDER_LOAD}: 20 requests in flight on one connection, then the server's
     * graceful GOAWAY. Every request either completes whole (the server took it: RFC 9113 §6.8 lets it
     * finish) or is refused by the server's GOAWAY (a stream above its last stream id, never processed,
     * safe to send again); none is left hanging, and at least one completes.
     *
     * @param template the path; {@code {id}} in it is replaced by the request's number. {@code
     *     /delay?ms=300&id={id}} answers its id, {@code /big.bin} and {@code /small.txt} their files.
     * @param sendGoaway waits until the server has the requests (from its records or its log), then makes
     *     it start its graceful shutdown, and returns without waiting for the drain
     * @return the numbers of the requests that completed
     */
    public List<Integer> goawayUnderLoad(String template, Runnable sendGoaway) throws Exception {
        try (ClientConnection connection = connect()) {
            List<CompletableFuture<ResponseStream>> streams = new ArrayList<>();
            for (int i = 0; i < GOAWAY_LOAD; i++) {
                streams.add(connection.stream(Request.get(uri(template.replace("{id}", Integer.toString(i))))));
            }
            sendGoaway.run();
            List<Integer> completed = new ArrayList<>();
            for (int i = 0; i < GOAWAY_LOAD; i++) {
                try (ResponseStream response = await(streams.get(i))) {
                    assertThat(response.status()).isEqualTo(200);
                    assertPathBody(template.replace("{id}", Integer.toString(i)), response.body());
                    completed.add(i);
                } catch (ExecutionException | IOException e) {
                    assertRefusedByGoaway(i, e instanceof IOException ? e : e.getCause());
                }
            }
            assertThat(completed).as("requests the server completed after its GOAWAY").isNotEmpty();
            return completed;
        }
    }

    /**
     * A request the server's GOAWAY left out: refused as never processed (the client's
     * StreamResetException with REFUSED_STREAM, RFC 9113 §6.8 and §8.7), or failed by the GOAWAY itself,
     * which is only right for a stream above the GOAWAY's last stream id: one at or below it the server
     * may have processed, so failing it would lose it. The connection is fresh and the requests went out in
     * order, so request {@code i} is stream {@code 2i + 1} (RFC 9113 §5.1.1).
     */
    private static void assertRefusedByGoaway(int request, Throwable cause) {
        if (cause instanceof StreamResetException refused) {
            assertThat(refused.errorCode()).as("request %d: %s", request, refused).contains(ErrorCode.REFUSED_STREAM);
            assertThat(refused.byServer()).isTrue();
        } else {
            assertThat(cause).as("request %d failed, but not by the server's GOAWAY", request)
                    .isInstanceOf(GoAwayException.class);
            GoAwayException goAway = (GoAwayException) cause;
            assertThat(goAway.byServer()).isTrue();
            assertThat(2 * request + 1).as("request %d failed by %s although its stream may have been processed",
                    request, goAway.getMessage()).isGreaterThan(goAway.lastStreamId());
        }
    }

    private void assertPathBody(String path, InputStream body) throws IOException {
        if (path.startsWith("/big.bin")) {
            assertBig(body);
        } else if (path.startsWith("/small.txt")) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Site.SMALL);
        } else if (path.startsWith("/delay")) {
            String id = path.substring(path.indexOf("id=") + 3).split("&")[0];
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(id);
        } else {
            fail("no expected body for " + path);
        }
    }

    private static void assertFieldsArrived(String path, Response response, String report) {
        assertThat(response.status()).isEqualTo(200);
        if (path.startsWith("/headers")) {
            assertThat(response.bodyText()).contains(report);
        } else {
            assertThat(path).startsWith("/small.txt");
            assertThat(response.bodyText()).isEqualTo(Site.SMALL);
        }
    }

    private static void assertBig(InputStream body) throws IOException {
        MessageDigest digest = Site.digest();
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        for (int n; (n = body.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
            total += n;
        }
        assertThat(total).isEqualTo(Site.BIG_SIZE);
        assertThat(HexFormat.of().formatHex(digest.digest())).as("SHA-256 of /big.bin").isEqualTo(Site.get().bigSha256());
    }

    private ClientConnection connect() {
        try {
            return H2Client.connect(origin, options);
        } catch (IOException e) {
            throw new UncheckedIOException("could not connect to " + origin, e);
        }
    }

    private URI uri(String path) {
        return origin.resolve(path);
    }

    private static <T> T await(CompletableFuture<T> future) throws ExecutionException, InterruptedException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
        }
    }
}

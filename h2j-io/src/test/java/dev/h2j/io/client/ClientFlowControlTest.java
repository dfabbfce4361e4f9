package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 9113 §6.9: the client returns flow-control credit only as the application reads, so a slow reader
 * holds the server to the stream window; cancelling and closing give the credit back.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientFlowControlTest {
    static final int SIZE = 1 << 20;
    static final int STREAM_WINDOW = 65_535;
    static final byte[] BIG = ClientRequestsTest.random(SIZE, 3);

    TestServer server;
    ClientConnection connection;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.cleartext(request -> request.path().equals("/big") ? Reply.ok(BIG) : Reply.ok("small"));
        connection = H2Client.connect(server.uri("/"),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
    }

    @AfterEach
    void stop() throws Exception {
        connection.abort();
        server.close();
    }

    @Test
    void aSlowReaderHoldsTheServerToTheStreamWindow() throws Exception {
        try (ResponseStream response = connection.stream(Request.get(server.uri("/big"))).join()) {
            InputStream body = response.body();
            byte[] received = new byte[SIZE];

            // Nothing read yet: the server sent one window and stopped.
            server.awaitStalls(1);
            assertThat(server.dataSent()).isEqualTo(STREAM_WINDOW);
            assertThat(body.available()).isLessThanOrEqualTo(STREAM_WINDOW);

            int read = 0;
            for (int round = 2; read + 40_000 + STREAM_WINDOW < SIZE; round++) {
                read += body.readNBytes(received, read, 40_000);
                server.awaitStalls(round);
                // The server may only have sent what was read plus one window, however fast it is.
                assertThat(server.dataSent()).isLessThanOrEqualTo(read + STREAM_WINDOW);
                assertThat(body.available()).isLessThanOrEqualTo(STREAM_WINDOW);
            }
            read += body.readNBytes(received, read, SIZE - read);

            assertThat(read).isEqualTo(SIZE);
            assertThat(body.read()).isEqualTo(-1);
            assertThat(Arrays.equals(received, BIG)).isTrue();
        }
    }

    @Test
    void closingAResponseBeforeItsEndCancelsTheStreamAndTheConnectionGoesOn() throws Exception {
        ResponseStream response = connection.stream(Request.get(server.uri("/big"))).join();
        assertThat(response.body().readNBytes(10)).isEqualTo(Arrays.copyOf(BIG, 10));

        response.close();

        server.awaitResets(1);
        assertThat(server.resetsReceived()).containsExactly(ErrorCode.CANCEL);
        assertThatThrownBy(() -> response.body().read()).isInstanceOf(StreamResetException.class)
                .hasMessageStartingWith("stream 1 reset by h2j: RST_STREAM CANCEL (0x8): the application cancelled");
        assertThat(connection.execute(Request.get(server.uri("/small"))).bodyText()).isEqualTo("small");
    }

    @Test
    void cancellingTheFutureResetsTheStream() throws Exception {
        // The request body is held back, so the server cannot have answered when the future is cancelled.
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        CompletableFuture<Response> response = connection.send(Request.newBuilder(server.uri("/big")).method("POST")
                .body(new java.io.PipedInputStream(feed)).build());

        response.cancel(true);

        server.awaitResets(1);
        feed.close();
        assertThat(server.resetsReceived()).containsExactly(ErrorCode.CANCEL);
        assertThat(connection.execute(Request.get(server.uri("/small"))).bodyText()).isEqualTo("small");
    }

    @Test
    void unreadResponsesNeverStarveTheOneBeingRead() throws Exception {
        // A connection window of four stream windows: at most four responses hold credit at once, so the
        // fifth waits for a stream to finish rather than for a window nobody will open.
        ClientConnection narrow = H2Client.connect(server.uri("/"), ClientOptions.defaults()
                .withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE).withConnectionWindowSize(4 * STREAM_WINDOW));
        try {
            CompletableFuture<?>[] unread = new CompletableFuture<?>[4];
            for (int i = 0; i < unread.length; i++) {
                unread[i] = narrow.stream(Request.get(server.uri("/big")));
            }
            CompletableFuture<Response> fifth = narrow.send(Request.get(server.uri("/small")));

            ResponseStream first = (ResponseStream) unread[0].join();
            assertThat(fifth).isNotDone();
            first.close();

            assertThat(fifth.get(10, TimeUnit.SECONDS).bodyText()).isEqualTo("small");
        } finally {
            narrow.abort();
        }
    }
}

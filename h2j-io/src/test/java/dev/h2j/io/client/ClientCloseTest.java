package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 9113 §6.8: close waits for the requests in flight, then GOAWAY; abort cancels them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientCloseTest {
    static final byte[] BIG = ClientRequestsTest.random(1 << 20, 4);

    TestServer server;
    ClientConnection connection;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.cleartext(request -> Reply.ok(BIG));
        connection = H2Client.connect(server.uri("/"),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void closeWaitsForTheResponsesInFlightThenRefusesNewRequests() throws Exception {
        CompletableFuture<Response> first = connection.send(Request.get(server.uri("/1")));
        CompletableFuture<Response> second = connection.send(Request.get(server.uri("/2")));

        connection.close();

        // The responses had all arrived when close returned; their futures complete in the executor.
        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo(BIG);
        assertThat(second.get(10, TimeUnit.SECONDS).body()).isEqualTo(BIG);
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.send(Request.get(server.uri("/3")))).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(Exception.class).havingCause().isInstanceOf(H2ClientException.class)
                .withMessage("the connection to http://127.0.0.1:" + server.port() + " was closed by the client");
    }

    @Test
    void closeLeavesWhatArrivedReadable() throws Exception {
        ResponseStream response = connection.stream(Request.get(server.uri("/"))).join();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            try {
                connection.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // close() waits for the response to arrive, which needs this reader to open the stream window.
        assertThat(response.body().readAllBytes()).isEqualTo(BIG);
        closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void abortFailsTheRequestsInFlight() throws Exception {
        ResponseStream response = connection.stream(Request.get(server.uri("/"))).join();
        server.awaitStalls(1);

        connection.abort();

        assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(H2ClientException.class)
                .hasMessage("the connection to http://127.0.0.1:" + server.port() + " was aborted by the client");
        assertThat(connection.isOpen()).isFalse();
    }
}

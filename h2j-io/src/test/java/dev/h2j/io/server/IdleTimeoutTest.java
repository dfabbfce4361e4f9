package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.ConnectionTerminated;
import dev.h2j.frame.ErrorCode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 9113 §9.1: the server closes connections that sit idle, HTTP/2 ones with a GOAWAY first. */
@Timeout(30)
class IdleTimeoutTest {
    final java.util.concurrent.atomic.AtomicReference<BackpressureTest.GeneratedBody> body =
            new java.util.concurrent.atomic.AtomicReference<>();
    H2Server server;

    @BeforeEach
    void start() throws Exception {
        server = Servers.builder((request, response) -> {
            if (request.path().equals("/big")) {
                BackpressureTest.GeneratedBody generated = new BackpressureTest.GeneratedBody(BackpressureTest.SIZE);
                body.set(generated);
                response.send(dev.h2j.Headers.response(200).build(), generated);
            } else {
                Servers.HELLO.handle(request, response);
            }
        }).cleartext(Servers.loopback()).idleTimeout(Duration.ofMillis(300)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void idleHttp2ConnectionGetsGoAwayNoErrorThenCloses() throws Exception {
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            int id = client.request("GET", "/once", true);
            assertThat(client.await(id).text()).isEqualTo("hello from /once");
            List<ConnectionTerminated> goAways = client.readToEnd();
            assertThat(goAways).hasSize(1);
            assertThat(goAways.get(0).errorCode()).isEqualTo(ErrorCode.NO_ERROR);
            assertThat(goAways.get(0).lastStreamId()).isEqualTo(id);
        }
    }

    @Test
    void clientThatNeverSendsAPrefaceIsClosed() throws Exception {
        try (Socket silent = new Socket()) {
            silent.connect(server.cleartextAddresses().get(0), RawClient.TIMEOUT_MILLIS);
            silent.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            silent.getOutputStream().write("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void clientThatStopsReadingIsDroppedAndItsBodyChannelClosed() throws Exception {
        dev.h2j.Limits wide = dev.h2j.Limits.defaults().withInitialWindowSize(Integer.MAX_VALUE);
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0), wide)) {
            client.conn.incrementFlowControlWindow(Integer.MAX_VALUE - 65_535);
            client.request("GET", "/big", true);
            // The client reads nothing: the socket fills, our output stalls, the timeout drops the connection.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((body.get() == null || body.get().isOpen()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(body.get().isOpen()).isFalse();
            assertThat(body.get().pulled.get()).isLessThan(BackpressureTest.SIZE);
        }
    }
}

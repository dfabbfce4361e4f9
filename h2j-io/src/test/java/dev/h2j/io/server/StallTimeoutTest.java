package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.frame.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Zero-window holds (CVE-2016-1546): a response whose content waits for a flow-control window the client
 * keeps shut is reset with CANCEL after the stall timeout, and its stream freed; the connection goes on.
 */
@Timeout(30)
class StallTimeoutTest {
    static final int BODY = 131_072;

    final List<AccessLogEntry> log = new CopyOnWriteArrayList<>();
    final AtomicReference<Response> later = new AtomicReference<>();
    H2Server server;

    @AfterEach
    void stop() {
        server.close();
    }

    /** /big answers {@value #BODY} octets; /later only its header fields, the test writes the rest. */
    void start(Duration stallTimeout) throws Exception {
        server = Servers.builder((request, response) -> {
            if (request.path().equals("/big")) {
                response.send(Headers.response(200).build(), ByteBuffer.allocate(BODY));
            } else if (request.path().equals("/later")) {
                response.sendHeaders(Headers.response(200).build());
                later.set(response);
            } else {
                Servers.HELLO.handle(request, response);
            }
        }).cleartext(Servers.loopback()).stallTimeout(stallTimeout).accessLog(log::add).build().start();
    }

    AccessLogEntry logged(int streamId) throws InterruptedException {
        while (true) {
            for (AccessLogEntry entry : log) {
                if (entry.streamId() == streamId) {
                    return entry;
                }
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aResponseHeldByAShutStreamWindowIsResetWithCancel() throws Exception {
        start(Duration.ofMillis(300));
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0),
                Limits.defaults().withInitialWindowSize(100))) {
            client.acknowledge = false;
            long start = System.nanoTime();
            int id = client.request("GET", "/big", true);

            RawClient.Exchange exchange = client.await(id);

            // The window took 100 octets; then nothing moved for the stall timeout.
            assertThat(exchange.reset).isEqualTo(ErrorCode.CANCEL);
            assertThat(exchange.body.size()).isEqualTo(100);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            assertThat(logged(id).reset()).isEqualTo(Optional.of(ErrorCode.CANCEL));
            // The stream is freed and the connection serves on.
            int next = client.request("GET", "/next", true);
            assertThat(client.await(next).text()).isEqualTo("hello from /next");
        }
    }

    @Test
    void aShutConnectionWindowHoldsTheResponseToo() throws Exception {
        start(Duration.ofMillis(300));
        // Stream windows wide open; the connection's window (65,535 octets, RFC 9113 §6.9.2) is what shuts.
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0),
                Limits.defaults().withInitialWindowSize(1 << 20))) {
            client.acknowledge = false;
            int id = client.request("GET", "/big", true);

            RawClient.Exchange exchange = client.await(id);

            assertThat(exchange.reset).isEqualTo(ErrorCode.CANCEL);
            assertThat(exchange.body.size()).isEqualTo(65_535);
        }
    }

    @Test
    void theStallIsCountedFromWhenContentWaitsNotFromWhenTheWindowShut() throws Exception {
        start(Duration.ofMillis(600));
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0),
                Limits.defaults().withInitialWindowSize(0))) {
            int id = client.request("GET", "/later", true);
            while (client.exchange(id).headers.isEmpty()) {
                client.readOnce();
            }
            // The window has been shut since the stream opened, longer than the timeout, while the
            // application had nothing to send: nothing to reset.
            Thread.sleep(1_000);
            later.get().write(ByteBuffer.wrap("at last".getBytes(StandardCharsets.UTF_8)), null);
            later.get().end();
            // Content waits now, less than the timeout (and longer than a tick of the server's timer).
            Thread.sleep(300);
            client.conn.incrementFlowControlWindow(100, id);
            client.flush();

            RawClient.Exchange exchange = client.await(id);

            assertThat(exchange.reset).isNull();
            assertThat(exchange.text()).isEqualTo("at last");
        }
    }
}

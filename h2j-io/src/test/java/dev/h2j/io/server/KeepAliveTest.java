package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.Limits;
import dev.h2j.RateLimit;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.PingAckReceived;
import dev.h2j.frame.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server measures the core's rate limits in real time: a client that keeps its connection alive with
 * PINGs now and then stays connected however many it sends, while a PING flood is cut off. Here the
 * limit is small (3 PINGs, one more every 200 ms) so that a few PINGs show it; in frame time (10 ms per
 * frame received) the slow client's PINGs would be 10 ms apart and pass it.
 */
@Timeout(30)
class KeepAliveTest {
    static final Limits FEW_PINGS = Limits.defaults().withMaxPingRate(new RateLimit(3, Duration.ofMillis(600)));
    /** Longer than the 200 ms a token takes to come back. */
    static final long PING_SPACING_MILLIS = 250;

    H2Server server;

    @AfterEach
    void stop() {
        server.close();
    }

    void start(H2Configuration configuration) throws Exception {
        server = Servers.builder(Servers.HELLO).configuration(configuration).cleartext(Servers.loopback())
                .build().start();
    }

    /** Sends {@code count} PINGs {@link #PING_SPACING_MILLIS} apart, each answered before the next. */
    static void slowPings(RawClient client, int count) throws Exception {
        for (long i = 0; i < count; i++) {
            long opaque = i;
            client.conn.ping(opaque);
            client.flush();
            client.awaitEvent(PingAckReceived.class, ack -> ack.pingData() == opaque);
            Thread.sleep(PING_SPACING_MILLIS);
        }
    }

    @Test
    void slowKeepAlivePingsAreNotCutOff() throws Exception {
        start(H2Configuration.server().withLimits(FEW_PINGS));
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            slowPings(client, 8);

            int id = client.request("GET", "/still-here", true);
            assertThat(client.await(id).text()).isEqualTo("hello from /still-here");
            assertThat(client.events).noneMatch(ConnectionTerminated.class::isInstance);
        }
    }

    @Test
    void aPingFloodIsCutOff() throws Exception {
        start(H2Configuration.server().withLimits(FEW_PINGS));
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            for (long i = 0; i < 10; i++) {
                client.conn.ping(i);
            }
            client.flush();

            List<ConnectionTerminated> goAways = client.readToEnd();

            // RFC 9113 §10.5: the fourth PING in a row passes the limit.
            assertThat(goAways).hasSize(1);
            assertThat(goAways.get(0).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(client.events).filteredOn(PingAckReceived.class::isInstance).hasSize(3);
        }
    }

    @Test
    void aClockInTheConfigurationIsKept() throws Exception {
        // A clock that never moves: the PING bucket never refills, however far apart the PINGs are.
        start(H2Configuration.server().withLimits(FEW_PINGS).withClock(() -> 0L));
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            slowPings(client, 3);
            client.conn.ping(3);
            client.flush();

            List<ConnectionTerminated> goAways = client.readToEnd();

            assertThat(goAways).hasSize(1);
            assertThat(goAways.get(0).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
        }
    }
}

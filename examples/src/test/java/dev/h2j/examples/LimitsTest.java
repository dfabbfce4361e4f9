package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.RateLimit;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The snippets of docs/LIMITS.md and docs/guide/limits-and-security.md, run. */
class LimitsTest {

    @Test
    void limitsAreConfiguredWithTheirWithers() {
        // docs:limits-config:start
        H2Configuration config = H2Configuration.server()
                .withClock(System::nanoTime)
                .withLimits(Limits.defaults()
                        .withMaxConcurrentStreams(250)
                        .withMaxReceivedResetRate(new RateLimit(200, Duration.ofSeconds(30))));
        // docs:limits-config:end

        assertThat(config.limits().maxConcurrentStreams()).isEqualTo(250);
        assertThat(config.limits().maxReceivedResetRate()).isEqualTo(new RateLimit(200, Duration.ofSeconds(30)));
        assertThat(config.clock()).isPresent();
        H2Connection conn = new H2Connection(config);
        conn.initiateConnection();
        assertThat(conn.dataToSend().remaining()).isPositive();
    }

    @Test
    void stalledStreamsAreResetByTheDriver() {
        AtomicLong now = new AtomicLong();
        Pair pair = new Pair(H2Configuration.client().withLimits(Limits.defaults().withInitialWindowSize(0)),
                H2Configuration.server().withClock(now::get));
        pair.client.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true);
        pair.exchange();
        H2Connection conn = pair.server;
        conn.sendHeaders(1, Headers.response(200).build(), false);
        assertThat(conn.localFlowControlWindow(1)).isZero();
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(conn.stalledStreams(Duration.ofSeconds(30))).isEmpty();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        // docs:limits-stalled:start
        for (int id : conn.stalledStreams(Duration.ofSeconds(30))) {
            conn.resetStream(id, ErrorCode.CANCEL);
        }
        // docs:limits-stalled:end
        pair.exchange();

        assertThat(pair.clientEvents).contains(new StreamReset(1, ErrorCode.CANCEL, true));
        assertThat(conn.activeStreams()).isZero();
        assertThat(conn.stalledStreams(Duration.ZERO)).isEmpty();
    }
}

package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rapid Reset (CVE-2023-44487, SECURITY.md #11): HEADERS then RST_STREAM, over and over. Every stream is
 * closed before the next opens, so MAX_CONCURRENT_STREAMS never trips while each request may start work
 * in the application. {@link Limits#maxReceivedResetRate()} bounds the resets: past it, the connection
 * error ENHANCE_YOUR_CALM, with GOAWAY naming the last stream processed.
 */
class RapidResetTest {

    /** {@code count} streams from {@code firstId} on, each opened and cancelled at once. */
    private static Wire[] openAndCancel(int firstId, int count) {
        Wire[] frames = new Wire[2 * count];
        for (int i = 0; i < count; i++) {
            int id = firstId + 2 * i;
            frames[2 * i] = Floods.request(id);
            frames[2 * i + 1] = Frames.rstStream(id, ErrorCode.CANCEL);
        }
        return frames;
    }

    @Test
    void rapidResetPastTheDefaultRateIsEnhanceYourCalm() {
        Scenario server = Floods.server(Limits.defaults(), new ManualClock());

        Floods.Calmed calmed = Floods.calms(server, "maxReceivedResetRate", openAndCancel(1, 1_001));

        List<Event> events = calmed.exception().events();
        assertThat(events).as("1000 streams opened and reset, and the 1001st opened").hasSize(2_001);
        assertThat(events.get(1_999)).isEqualTo(new StreamReset(1_999, ErrorCode.CANCEL, true));
        assertThat(events.get(2_000)).isInstanceOf(RequestReceived.class);
        assertThat(calmed.sent()).as("no stream was refused: the concurrency limit never tripped")
                .containsExactly(Frames.goAway(2_001, ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(server.conn.activeStreams()).as("only the last stream, whose reset was refused").isEqualTo(1);
    }

    @Test
    void theAttackHoldsNoStreamStateWhileItRuns() {
        Scenario server = Floods.server(Limits.defaults(), new ManualClock());
        for (int round = 0; round < 10; round++) {
            server.receive(openAndCancel(1 + 200 * round, 100));
            assertThat(server.conn.activeStreams()).isZero();
            assertThat(server.conn.openInboundStreams()).isZero();
            assertThat(server.sent()).isEmpty();
        }
        Floods.calms(server, "maxReceivedResetRate", openAndCancel(2_001, 1));
    }

    @Test
    void cancellingAtTheRateGoesOnForever() {
        ManualClock clock = new ManualClock();
        Scenario server = Floods.server(Limits.defaults().withMaxReceivedResetRate(new RateLimit(30,
                Duration.ofSeconds(1))), clock);
        for (int second = 0; second < 200; second++) {
            assertThat(server.receive(openAndCancel(1 + 60 * second, 30))).hasSize(60);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void resetsOfClosedStreamsCountToo() {
        Scenario server = Floods.server(Limits.defaults().withMaxReceivedResetRate(new RateLimit(5,
                Duration.ofSeconds(1))), new ManualClock());
        server.receive(Floods.request(1).endStream());
        server.conn.sendHeaders(1, Headers.response(204).build(), true);
        server.sent();
        Floods.Calmed calmed = Floods.calms(server, "maxReceivedResetRate",
                Floods.repeat(6, i -> Frames.rstStream(1, ErrorCode.CANCEL)));
        assertThat(calmed.exception().events()).as("resets of a closed stream are ignored").isEmpty();
    }
}

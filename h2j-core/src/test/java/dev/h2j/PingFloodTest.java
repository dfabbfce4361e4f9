package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.Event;
import dev.h2j.event.PingReceived;
import dev.h2j.frame.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ping flood (CVE-2019-9512, SECURITY.md #2): PING after PING, each to be answered.
 * {@link Limits#maxPingRate()} bounds how fast they may come, on the caller's clock or in frame time;
 * past it, the connection error ENHANCE_YOUR_CALM. ({@link BackpressureTest} covers the other half: answers
 * the peer never reads.)
 */
class PingFloodTest {

    private static final Limits TEN_PER_SECOND = Limits.defaults().withMaxPingRate(new RateLimit(10,
            Duration.ofSeconds(1)));

    @Test
    void pingsPastMaxPingRateAreEnhanceYourCalm() {
        Scenario server = Floods.server(TEN_PER_SECOND, new ManualClock());

        Floods.Calmed calmed = Floods.calms(server, "maxPingRate", Floods.repeat(11, Frames::ping));

        assertThat(calmed.exception().events()).as("the ten PINGs within the rate")
                .hasSize(10).allMatch(e -> e instanceof PingReceived);
        assertThat(calmed.sent()).hasSize(11).startsWith(Frames.pingAck(0)).contains(Frames.pingAck(9))
                .doesNotContain(Frames.pingAck(10)).endsWith(Frames.goAway(0, ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(calmed.exception().getMessage()).contains("10 per 1 s");
    }

    @Test
    void pingsAtTheRateAreAnsweredForAsLongAsTheyCome() {
        ManualClock clock = new ManualClock();
        Scenario server = Floods.server(TEN_PER_SECOND, clock);
        for (int second = 0; second < 100; second++) {
            assertThat(server.receive(Floods.repeat(10, Frames::ping))).hasSize(10);
            assertThat(server.sent()).hasSize(10);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aBurstIsAllowedAgainOnceTheBucketRefilled() {
        ManualClock clock = new ManualClock();
        Scenario server = Floods.server(TEN_PER_SECOND, clock);
        server.receive(Floods.repeat(10, Frames::ping));
        clock.advance(Duration.ofMillis(500));
        assertThat(server.receive(Floods.repeat(5, Frames::ping))).as("half the bucket came back").hasSize(5);
        server.sent();
        Floods.calms(server, "maxPingRate", Frames.ping(99));
    }

    @Test
    void pingAcksAreNotCounted() {
        Scenario server = Floods.server(TEN_PER_SECOND, new ManualClock());
        assertThat(server.receive(Floods.repeat(100, Frames::pingAck))).hasSize(100);
        assertThat(server.receive(Floods.repeat(10, Frames::ping))).hasSize(10);
    }

    @Test
    void withoutAClockEveryFrameReceivedAdvancesTimeByTenMilliseconds() {
        Scenario server = Scenario.server(H2Configuration.server().withLimits(TEN_PER_SECOND));
        // One token comes back every 100 ms: every ten frames. A PING and nine other frames keep pace.
        for (int i = 0; i < 100; i++) {
            List<Event> events = server.receive(Floods.then(new Wire[] {Frames.ping(i)},
                    Floods.repeat(9, Frames::pingAck)));
            assertThat(events).hasSize(10);
            server.sent();
        }
        // PINGs alone come faster than that: the bucket's ten, and one more that came back during the
        // 110 ms of frame time they took, then the limit.
        Floods.Calmed calmed = Floods.calms(server, "maxPingRate", Floods.repeat(20, Frames::ping));
        assertThat(calmed.exception().events()).hasSize(11);
    }
}

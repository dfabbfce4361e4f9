package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * One test per flood shape, as Jetty's FrameFloodTest: cheap frames that make the connection work and
 * change nothing, each class bounded by a {@link RateLimit} of {@link Limits}. On a clock that stands
 * still the first five frames of a flood pass, the sixth is a connection error ENHANCE_YOUR_CALM, and the
 * flood leaves no state behind. The larger attacks have their own classes: {@link PingFloodTest},
 * {@link SettingsFloodTest}, {@link ContinuationFloodTest}.
 */
class FloodTest {

    private static final RateLimit FIVE = new RateLimit(5, Duration.ofSeconds(1));

    /**
     * Sends {@code setup}, then six frames built by {@code frame} in one buffer: five pass, the sixth passes
     * {@code limit}.
     */
    private static Floods.Calmed floodOfSix(Limits limits, String limit, IntFunction<? extends Wire> frame,
            Wire... setup) {
        Scenario server = Floods.server(limits, new ManualClock());
        server.receive(setup);
        server.sent();
        Floods.Calmed calmed = Floods.calms(server, limit, Floods.repeat(6, frame));
        assertThat(server.conn.bufferedInboundSize()).isZero();
        return calmed;
    }

    @Test
    void priorityFloodIsEnhanceYourCalm() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxPriorityRate(FIVE), "maxPriorityRate",
                i -> Frames.priority(2 * i + 1, 0, 16, false));
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof PriorityUpdated);
        assertThat(calmed.sent()).as("only GOAWAY").hasSize(1);
    }

    @Test
    void priorityUpdateFloodIsEnhanceYourCalm() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxPriorityRate(FIVE), "maxPriorityRate",
                i -> Frames.priorityUpdate(1, "u=" + (i % 8)), Floods.request(1));
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof PriorityUpdateReceived);
    }

    @Test
    void priorityAndPriorityUpdateShareTheirLimit() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxPriorityRate(FIVE), "maxPriorityRate",
                i -> i % 2 == 0 ? Frames.priority(1, 0, 16, false) : Frames.priorityUpdate(1, "u=1"),
                Floods.request(1));
        assertThat(calmed.exception().events()).hasSize(5);
    }

    @Test
    void prioritiesOfIdleStreamsCreateNoState() {
        Scenario server = Floods.server(Limits.defaults(), new ManualClock());
        server.receive(Floods.repeat(1_000, i -> Frames.priority(2 * i + 1, 0, 16, false)));
        assertThat(server.conn.activeStreams()).isZero();
        Floods.calms(server, "maxPriorityRate", Frames.priority(3_001, 0, 16, false));
    }
}

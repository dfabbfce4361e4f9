package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.UnknownFrameReceived;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * One test per flood shape, as Jetty's FrameFloodTest: cheap frames that make the connection work and
 * change nothing, each class bounded by a {@link RateLimit} of {@link Limits}. On a clock that stands
 * still the first five frames of a flood pass, the sixth is a connection error ENHANCE_YOUR_CALM, and the
 * flood leaves no state behind. The larger attacks have their own classes: {@link PingFloodTest},
 * {@link SettingsFloodTest}, {@link ContinuationFloodTest}, {@link RapidResetTest}, {@link MadeYouResetTest}.
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

    @Test
    void unknownFrameFloodIsEnhanceYourCalm() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxUnknownFrameRate(FIVE), "maxUnknownFrameRate",
                i -> Frames.unknown(0xfa, 0, 0, new byte[] {1, 2, 3}));
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof UnknownFrameReceived);
    }

    @Test
    void emptyDataFloodIsEnhanceYourCalm() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxEmptyFrameRate(FIVE), "maxEmptyFrameRate",
                i -> Frames.data(1, ""), Floods.request(1));
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof DataReceived);
    }

    @Test
    void paddingAloneIsNoData() {
        floodOfSix(Limits.defaults().withMaxEmptyFrameRate(FIVE), "maxEmptyFrameRate",
                i -> Frames.data(1, "").padded(10), Floods.request(1));
    }

    @Test
    void emptyContinuationFloodIsEnhanceYourCalmBeforeTheFrameCapToo() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxEmptyFrameRate(FIVE)
                .withMaxContinuationFrames(1_000), "maxEmptyFrameRate", i -> i == 0
                        ? Frames.raw(FrameType.HEADERS, 0, 1, new byte[0])
                        : Frames.continuation(1));
        assertThat(calmed.exception().events()).isEmpty();
    }

    @Test
    void anEmptyPushPromiseFragmentCountsToo() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true).withClock(new ManualClock())
                .withLimits(Limits.defaults().withMaxEmptyFrameRate(FIVE)), Frames.settings());
        client.conn.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), false);
        client.sent();
        // PUSH_PROMISE: the promised stream id, then an empty fragment, without END_HEADERS.
        Floods.calms(client, "maxEmptyFrameRate", Floods.then(new Wire[] {Frames.raw(FrameType.PUSH_PROMISE, 0, 1,
                new byte[] {0, 0, 0, 2})}, Floods.repeat(5, i -> Frames.continuation(1))));
    }

    @Test
    void emptyFramesThatEndSomethingAreNotCounted() {
        Scenario server = Floods.server(Limits.defaults().withMaxEmptyFrameRate(FIVE), new ManualClock());
        for (int i = 0; i < 10; i++) {
            int id = 4 * i + 1;
            // An empty DATA that ends a stream; a block split so that its last CONTINUATION is empty.
            assertThat(server.receive(Floods.request(id), Frames.data(id, "").endStream(),
                    Frames.headers(id + 2).request("GET", "/").endStream().withoutEndHeaders(),
                    Frames.continuation(id + 2).endHeaders()))
                    .hasSize(5);
        }
    }

    @Test
    void windowUpdateFloodOnTheConnectionIsEnhanceYourCalm() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxWindowUpdateRate(FIVE), "maxWindowUpdateRate",
                i -> Frames.windowUpdate(0, 1), Frames.windowUpdate(0, 1_000_000));
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof WindowUpdated);
    }

    @Test
    void windowUpdateFloodOnAStreamIsEnhanceYourCalm() {
        Floods.Calmed calmed = floodOfSix(Limits.defaults().withMaxWindowUpdateRate(FIVE), "maxWindowUpdateRate",
                i -> Frames.windowUpdate(1, 1), Floods.request(1), Frames.windowUpdate(1, 1_000_000));
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof WindowUpdated);
    }

    @Test
    void windowUpdatesEarnedByDataAreNotCounted() {
        Scenario server = Floods.server(Limits.defaults().withMaxWindowUpdateRate(FIVE), new ManualClock());
        server.receive(Floods.request(1).endStream());
        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        for (int round = 0; round < 100; round++) {
            server.conn.sendData(1, ByteBuffer.wrap(new byte[] {1}), false);
            server.conn.sendData(1, ByteBuffer.wrap(new byte[] {2}), false);
            // As python h2 does: every DATA frame given back on the stream and on the connection.
            assertThat(server.receive(Frames.windowUpdate(1, 1), Frames.windowUpdate(0, 1), Frames.windowUpdate(1, 1),
                    Frames.windowUpdate(0, 1))).hasSize(4);
        }
        server.sent();
        Floods.calms(server, "maxWindowUpdateRate", Floods.repeat(7, i -> Frames.windowUpdate(1, 1)));
    }

    @Test
    void windowUpdatesForClosedStreamsAreDiscardedUncounted() {
        Scenario server = Floods.server(Limits.defaults().withMaxWindowUpdateRate(FIVE), new ManualClock());
        server.receive(Floods.request(1).endStream());
        server.conn.sendHeaders(1, Headers.response(204).build(), true);
        assertThat(server.receive(Floods.repeat(100, i -> Frames.windowUpdate(1, 1)))).isEmpty();
        assertThat(server.conn.activeStreams()).isZero();
    }

    @Test
    void streamsPastMaxConcurrentStreamsAreRefusedAndHoldNothing() {
        Scenario server = Floods.server(Limits.defaults(), new ManualClock());
        assertThat(server.receive(Floods.repeat(150, i -> Floods.request(2 * i + 1)))).hasSize(100);
        // RFC 9113 §5.1.2: streams over our limit are refused, and may be retried.
        assertThat(server.sent()).hasSize(50).allMatch(f -> f.equals(Frames.rstStream(f.streamId(),
                ErrorCode.REFUSED_STREAM)));
        assertThat(server.conn.activeStreams()).isEqualTo(100);
        assertThat(server.conn.openInboundStreams()).isEqualTo(100);
    }

    @Test
    void promisesPastMaxReservedStreamsAreResetWithEnhanceYourCalm() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true)
                .withLimits(Limits.defaults().withMaxReservedStreams(3)), Frames.settings());
        client.conn.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), false);
        client.sent();

        assertThat(client.receive(Floods.repeat(5, i -> Frames.pushPromise(1, 2 + 2 * i)
                .request("GET", "https", "example.com", "/" + i)))).hasSize(3)
                .allMatch(e -> e instanceof PushedStreamReceived);

        assertThat(client.sent()).containsExactly(Frames.rstStream(8, ErrorCode.ENHANCE_YOUR_CALM),
                Frames.rstStream(10, ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(client.conn.activeStreams()).isEqualTo(4);
        // A promised stream that starts is no longer reserved: its place is free again.
        client.receive(Frames.headers(2).response(200));
        assertThat(client.receive(Frames.pushPromise(1, 12).request("GET", "https", "example.com", "/12")))
                .hasSize(1);
    }
}

package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the flood tests share: a server on a {@link ManualClock}, floods built frame by frame, and the
 * check that a flood ends in a connection error ENHANCE_YOUR_CALM with GOAWAY as the last frame queued.
 */
final class Floods {

    private Floods() {
    }

    /** A server with {@code limits} whose time is {@code clock}, past its handshake. */
    static Scenario server(Limits limits, ManualClock clock) {
        return Scenario.server(H2Configuration.server().withLimits(limits).withClock(clock));
    }

    /** A request on {@code streamId} without END_STREAM. */
    static TestFrame.Headers request(int streamId) {
        return Frames.headers(streamId).request("GET", "https", "example.com", "/");
    }

    /** {@code count} frames, the i-th built by {@code frame.apply(i)}. */
    static Wire[] repeat(int count, IntFunction<? extends Wire> frame) {
        Wire[] frames = new Wire[count];
        for (int i = 0; i < count; i++) {
            frames[i] = frame.apply(i);
        }
        return frames;
    }

    /** {@code first} followed by {@code rest}, for one {@code receive} call. */
    static Wire[] then(Wire[] first, Wire... rest) {
        Wire[] all = new Wire[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /**
     * Feeds {@code input} and asserts that it ends the connection with ENHANCE_YOUR_CALM naming
     * {@code limit}, and that GOAWAY with that code is the last frame queued; returns the exception,
     * whose {@link H2Exception#events()} hold what came before, and the frames sent, GOAWAY included.
     */
    static Calmed calms(Scenario server, String limit, Wire... input) {
        H2Exception e = server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits." + limit, input);
        List<TestFrame> sent = TestFrame.withoutDebugData(server.sent());
        assertThat(sent).isNotEmpty();
        assertThat(sent.get(sent.size() - 1)).isInstanceOfSatisfying(TestFrame.GoAway.class,
                g -> assertThat(g.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM));
        return new Calmed(e, sent);
    }

    /** A flood's end: the exception and every frame sent for the flood's input, GOAWAY last. */
    record Calmed(H2Exception exception, List<TestFrame> sent) {
    }
}

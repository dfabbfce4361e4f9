package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * MadeYouReset (CVE-2025-8671, SECURITY.md #13): a valid request, then a frame that is only a stream
 * error, so that the server resets the stream while its application may still work on it; over and over.
 * {@link Limits#maxProvokedResetRate()} bounds the resets the peer provokes: past it, the connection error
 * ENHANCE_YOUR_CALM takes the place of the next RST_STREAM. Clients count the pushes they refuse too.
 */
class MadeYouResetTest {

    private static final RateLimit FIVE = new RateLimit(5, Duration.ofSeconds(1));

    /** Six streams, each a request and then {@code provocation}'s frame; the sixth reset passes the limit. */
    private static Floods.Calmed sixProvokedResets(IntFunction<Wire> provocation, ErrorCode reset) {
        Scenario server = Floods.server(Limits.defaults().withMaxProvokedResetRate(FIVE), new ManualClock());
        Wire[] attack = new Wire[12];
        for (int i = 0; i < 6; i++) {
            int id = 2 * i + 1;
            attack[2 * i] = Floods.request(id);
            attack[2 * i + 1] = provocation.apply(id);
        }
        Floods.Calmed calmed = Floods.calms(server, "maxProvokedResetRate", attack);

        List<Event> events = calmed.exception().events();
        assertThat(events).as("five requests reset, and the sixth request").hasSize(11);
        assertThat(events.get(9)).isEqualTo(new StreamReset(9, reset, false));
        assertThat(events.get(10)).isInstanceOf(RequestReceived.class);
        assertThat(calmed.sent()).hasSize(6).startsWith(Frames.rstStream(1, reset), Frames.rstStream(3, reset))
                .contains(Frames.rstStream(9, reset)).doesNotContain(Frames.rstStream(11, reset));
        assertThat(server.conn.activeStreams()).as("the five reset streams hold nothing").isEqualTo(1);
        return calmed;
    }

    @Test
    void windowUpdateOfZeroOnEachStreamIsEnhanceYourCalm() {
        // RFC 9113 §6.9: an increment of 0 on a stream is a stream error PROTOCOL_ERROR.
        sixProvokedResets(id -> Frames.windowUpdate(id, 0), ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void windowUpdateOverflowOnEachStreamIsEnhanceYourCalm() {
        // RFC 9113 §6.9.1: a stream window past 2^31-1 is a stream error FLOW_CONTROL_ERROR.
        sixProvokedResets(id -> Frames.windowUpdate(id, 0x7fff_ffff), ErrorCode.FLOW_CONTROL_ERROR);
    }

    @Test
    void priorityOfTheWrongLengthOnEachStreamIsEnhanceYourCalm() {
        // RFC 9113 §6.3: a PRIORITY frame of a length other than 5 is a stream error FRAME_SIZE_ERROR.
        sixProvokedResets(id -> Frames.raw(FrameType.PRIORITY, 0, id, new byte[4]), ErrorCode.FRAME_SIZE_ERROR);
    }

    @Test
    void malformedRequestsAreProvokedResetsToo() {
        // RFC 9113 §8.1.1: content-length disagreeing with the DATA is malformed, a stream error.
        Scenario server = Floods.server(Limits.defaults().withMaxProvokedResetRate(FIVE), new ManualClock());
        Wire[] attack = Floods.repeat(6, i -> Frames.headers(2 * i + 1).request("POST", "https", "example.com", "/")
                .field("content-length", "1").endStream());
        Floods.Calmed calmed = Floods.calms(server, "maxProvokedResetRate", attack);
        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof StreamReset);
    }

    @Test
    void refusedStreamsAreProvokedResets() {
        Scenario server = Floods.server(Limits.defaults().withMaxProvokedResetRate(FIVE).withMaxConcurrentStreams(1),
                new ManualClock());
        server.receive(Floods.request(1));
        Floods.Calmed calmed = Floods.calms(server, "maxProvokedResetRate",
                Floods.repeat(6, i -> Floods.request(3 + 2 * i)));
        assertThat(calmed.sent()).hasSize(6).startsWith(Frames.rstStream(3, ErrorCode.REFUSED_STREAM));
    }

    @Test
    void pushesRefusedBeforeTheServerReadOurSettingsAreProvokedResets() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true)
                .withLimits(Limits.defaults().withMaxProvokedResetRate(FIVE)).withClock(new ManualClock()),
                Frames.settings());
        client.conn.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), false);
        client.conn.updateSettings(List.of(new Setting(SettingId.ENABLE_PUSH, 0)));
        client.sent();
        // RFC 9113 §8.4.2: each promise crossing our ENABLE_PUSH 0 is refused, as long as the server does not
        // acknowledge it; SECURITY.md #25: a server that never does gets ENHANCE_YOUR_CALM at the sixth.
        Floods.Calmed calmed = Floods.calms(client, "maxProvokedResetRate",
                Floods.repeat(6, i -> Frames.pushPromise(1, 2 + 2 * i).request("GET", "https", "example.com", "/" + i)));
        assertThat(calmed.sent()).hasSize(6).startsWith(Frames.rstStream(2, ErrorCode.REFUSED_STREAM))
                .contains(Frames.rstStream(10, ErrorCode.REFUSED_STREAM))
                .doesNotContain(Frames.rstStream(12, ErrorCode.REFUSED_STREAM));
    }

    @Test
    void framesOnClosedStreamsAnsweredWithResetsCount() {
        Scenario server = Floods.server(Limits.defaults().withMaxProvokedResetRate(FIVE), new ManualClock());
        for (int i = 0; i < 6; i++) {
            server.receive(Floods.request(2 * i + 1).endStream());
            server.conn.sendHeaders(2 * i + 1, Headers.response(204).build(), true);
        }
        server.sent();
        // RFC 9113 §5.1: DATA on a closed stream is a stream error STREAM_CLOSED, answered once per stream.
        Floods.Calmed calmed = Floods.calms(server, "maxProvokedResetRate",
                Floods.repeat(6, i -> Frames.data(2 * i + 1, "x")));
        assertThat(calmed.sent()).hasSize(6).startsWith(Frames.rstStream(1, ErrorCode.STREAM_CLOSED));
    }

    @Test
    void resetsTheApplicationAsksForAreNotCounted() {
        Scenario server = Floods.server(Limits.defaults().withMaxProvokedResetRate(FIVE), new ManualClock());
        for (int i = 0; i < 50; i++) {
            int id = 2 * i + 1;
            server.receive(Floods.request(id));
            server.conn.resetStream(id, ErrorCode.INTERNAL_ERROR);
        }
        assertThat(server.sent()).hasSize(50);
        assertThat(server.conn.activeStreams()).isZero();
    }

    @Test
    void resetsThePeerNeverReadsAreBoundedByMaxQueuedControlFrames() {
        // Reset flood (CVE-2019-9514): invalid requests, each answered with RST_STREAM, never read.
        Scenario server = Floods.server(Limits.defaults().withMaxQueuedControlFrames(10), new ManualClock());
        Wire[] attack = Floods.repeat(11, i -> Frames.headers(2 * i + 1).request("GET", "https", "example.com", "")
                .endStream());
        H2Exception e = server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "RFC 9113 §10.5", attack);
        assertThat(e.events()).hasSize(10).allMatch(ev -> ev instanceof StreamReset);
        assertThat(server.sent()).hasSize(11);
    }
}

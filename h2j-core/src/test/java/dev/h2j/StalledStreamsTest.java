package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.SettingId;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Zero-window stalls (CVE-2016-1546, SECURITY.md #22): a peer that never opens its flow-control windows
 * holds our streams for as long as the connection lives. {@link H2Connection#stalledStreams(Duration)}
 * lists the streams blocked longer than a threshold, on the connection's clock, so a driver can time them
 * out.
 */
class StalledStreamsTest {

    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock();

    private Scenario server(TestFrame.Settings clientSettings) {
        return Scenario.server(H2Configuration.server().withClock(clock), clientSettings);
    }

    /** Streams {@code ids} opened by requests and answered with headers: the server may send DATA on them. */
    private static void respond(Scenario server, int... ids) {
        for (int id : ids) {
            server.receive(Floods.request(id).endStream());
            server.conn.sendHeaders(id, Headers.response(200).build(), false);
        }
        server.sent();
    }

    @Test
    void aStreamOpenedIntoAZeroWindowStallsFromTheStart() {
        Scenario server = server(Frames.settings().with(SettingId.INITIAL_WINDOW_SIZE, 0));
        respond(server, 1);

        clock.advance(Duration.ofSeconds(29));
        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).containsExactly(1);

        server.receive(Frames.windowUpdate(1, 100));
        assertThat(server.conn.stalledStreams(Duration.ZERO)).as("the window opened").isEmpty();
    }

    @Test
    void aStreamStallsFromTheDataThatUsedItsWindowUp() {
        Scenario server = server(Frames.settings().with(SettingId.INITIAL_WINDOW_SIZE, 100));
        respond(server, 1, 3);
        server.conn.sendData(1, ByteBuffer.allocate(60), false);
        clock.advance(Duration.ofSeconds(10));
        server.conn.sendData(1, ByteBuffer.allocate(40), false);
        clock.advance(Duration.ofSeconds(29));

        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).isEmpty();
        assertThat(server.conn.stalledStreams(Duration.ofSeconds(29))).as("stream 3 still has its window")
                .containsExactly(1);
    }

    @Test
    void aShutConnectionWindowStallsEveryStreamThatCouldSend() {
        Scenario server = server(Frames.settings());
        respond(server, 1, 3, 5);
        server.conn.sendData(5, ByteBuffer.allocate(0), true);
        for (int i = 0; i < 3; i++) {
            server.conn.sendData(1, ByteBuffer.allocate(16_384), false);
        }
        server.conn.sendData(3, ByteBuffer.allocate(16_383), false);
        assertThat(server.conn.localFlowControlWindow(0)).isZero();
        clock.advance(THIRTY_SECONDS);

        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).as("not stream 5, which has ended its side")
                .containsExactly(1, 3);
        server.receive(Frames.windowUpdate(1, 1_000));
        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).as("the stream's own window was never the problem")
                .containsExactly(1, 3);
        server.receive(Frames.windowUpdate(0, 1_000));
        assertThat(server.conn.stalledStreams(Duration.ZERO)).isEmpty();
    }

    @Test
    void aSettingsChangeThatTakesAWindowBelowZeroStallsTheStream() {
        Scenario server = server(Frames.settings());
        respond(server, 1);
        server.conn.sendData(1, ByteBuffer.allocate(1_000), false);
        clock.advance(Duration.ofSeconds(5));
        // RFC 9113 §6.9.2: a smaller SETTINGS_INITIAL_WINDOW_SIZE can make a window negative.
        server.receive(Frames.settings().with(SettingId.INITIAL_WINDOW_SIZE, 500));
        assertThat(server.conn.localFlowControlWindow(1)).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(server.conn.stalledStreams(Duration.ofSeconds(10))).containsExactly(1);
        assertThat(server.conn.stalledStreams(Duration.ofSeconds(11))).isEmpty();
    }

    @Test
    void inFrameTimeTheAnswersToKeepAlivePingsMoveTheClock() {
        Scenario server = Scenario.server(H2Configuration.server(), Frames.settings()
                .with(SettingId.INITIAL_WINDOW_SIZE, 0));
        respond(server, 1);
        // 10 ms a frame: the peer's 3,000 PING ACKs after its request are 30 seconds of frame time.
        for (int i = 0; i < 2_999; i++) {
            server.conn.ping(i);
            server.receive(Frames.pingAck(i));
        }
        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).isEmpty();
        server.conn.ping(2_999);
        server.receive(Frames.pingAck(2_999));
        assertThat(server.conn.stalledStreams(THIRTY_SECONDS)).containsExactly(1);
    }

    @Test
    void theThresholdIsNotNegative() {
        Scenario server = server(Frames.settings());
        assertThatThrownBy(() -> server.conn.stalledStreams(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.conn.stalledStreams(Duration.ofDays(365 * 1_000))).isEmpty();
    }
}

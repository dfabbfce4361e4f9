package dev.h2j;

import static dev.h2j.frame.ErrorCode.FRAME_SIZE_ERROR;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.PingAckReceived;
import dev.h2j.event.PingReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PING, RFC 9113 §6.7: answered with an ACK echoing its 8 octets, sent on request, its ACK reported;
 * a PING on a stream or of another length ends the connection.
 */
class PingTest {

    private static final long OPAQUE = 0x0102_0304_0506_0708L;

    private final Scenario server = Scenario.server();

    @Test
    void pingIsAnsweredWithAnAckEchoingItsOctets() {
        assertThat(server.receive(Frames.ping(OPAQUE))).containsExactly(new PingReceived(OPAQUE));

        WireAssertions.assertWire(server.conn.dataToSend(),
                Frames.raw("000008 06 01 00000000 0102030405060708"));
    }

    @Test
    void clientAnswersPingsToo() {
        Scenario client = Scenario.client();

        assertThat(client.receive(Frames.ping(1), Frames.ping(2)))
                .containsExactly(new PingReceived(1), new PingReceived(2));

        assertThat(client.sent()).containsExactly(Frames.pingAck(1), Frames.pingAck(2));
    }

    @Test
    void pingSendsEightOpaqueOctets() {
        server.conn.ping(OPAQUE);

        WireAssertions.assertWire(server.conn.dataToSend(),
                Frames.raw("000008 06 00 00000000 0102030405060708"));
    }

    @Test
    void pingAckIsReportedAndNotAnswered() {
        server.conn.ping(-1L);
        server.sent();

        assertThat(server.receive(Frames.pingAck(-1L))).containsExactly(new PingAckReceived(-1L));

        assertThat(server.sent()).isEmpty();
    }

    @Test
    void pingsAreStillAnsweredAfterGoAway() {
        assertThat(server.receive(Frames.goAway(0, NO_ERROR), Frames.ping(1)))
                .containsExactly(new ConnectionTerminated(NO_ERROR, 0, ByteBuffer.allocate(0)), new PingReceived(1));
        server.conn.ping(2);

        assertThat(server.sent()).containsExactly(Frames.pingAck(1), Frames.ping(2));
    }

    @ParameterizedTest
    @MethodSource("brokenPings")
    void brokenPingIsAConnectionError(Wire ping, ErrorCode code) {
        // h2's types: a wrong stream is a ProtocolError, a wrong length a FrameDataMissingError.
        Class<? extends H2Exception> type = code.equals(FRAME_SIZE_ERROR) ? FrameDataMissingException.class
                : H2ProtocolException.class;
        H2Exception e = server.failsConnection(type, code, "RFC 9113 §6.7", Frames.ping(1), ping);

        assertThat(e.events()).containsExactly(new PingReceived(1));
        assertThat(TestFrame.withoutDebugData(server.sent()))
                .containsExactly(Frames.pingAck(1), Frames.goAway(0, code));
        // The connection is closed: later input is discarded, and no PING may be sent.
        assertThat(server.receive(Frames.ping(3))).isEmpty();
        assertThat(server.sent()).isEmpty();
        server.refuses(() -> server.conn.ping(4), H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §5.4.1");
    }

    static Stream<Arguments> brokenPings() {
        return Stream.of(
                // RFC 9113 §6.7: PING is about the connection; any stream identifier is PROTOCOL_ERROR.
                Arguments.of(Frames.raw(FrameType.PING, 0, 1, new byte[8]), PROTOCOL_ERROR),
                Arguments.of(Frames.raw(FrameType.PING, Frames.ACK, 1, new byte[8]), PROTOCOL_ERROR),
                // RFC 9113 §6.7: a length other than 8 is FRAME_SIZE_ERROR.
                Arguments.of(Frames.raw(FrameType.PING, 0, 0, new byte[7]), FRAME_SIZE_ERROR),
                Arguments.of(Frames.raw(FrameType.PING, 0, 0, new byte[9]), FRAME_SIZE_ERROR),
                Arguments.of(Frames.raw(FrameType.PING, Frames.ACK, 0, new byte[0]), FRAME_SIZE_ERROR));
    }

    @Test
    void pingBeforeTheConnectionIsInitiatedIsRefused() {
        H2Connection idle = new H2Connection(H2Configuration.client());

        H2Assertions.assertRefused(idle, () -> idle.ping(1), H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §3.4");
    }
}

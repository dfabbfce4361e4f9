package dev.h2j;

import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.ENHANCE_YOUR_CALM;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.REFUSED_STREAM;
import static dev.h2j.frame.SettingId.MAX_CONCURRENT_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PingAckReceived;
import dev.h2j.event.PingReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.TrailersReceived;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.Setting;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.IndexingPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GOAWAY (RFC 9113 §6.8): it names the last peer stream that was or may be processed; streams at or
 * below it finish, no new stream starts, and PING, SETTINGS and WINDOW_UPDATE keep working. A server
 * may drain in two phases (GOAWAY 2^31-1 and a PING, then the real last stream id). A GOAWAY with an
 * error code closes the connection (§5.4.1).
 */
class GoAwayTest {

    private static final int MAX_STREAM_ID = 0x7fffffff;

    private static TestFrame.Headers get(int streamId) {
        return Frames.headers(streamId).request("GET", "https", "example.com", "/");
    }

    private static TestFrame.Headers post(int streamId) {
        return Frames.headers(streamId).request("POST", "https", "example.com", "/up");
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- sending GOAWAY

    @Test
    void goAwayNamesTheLastStreamProcessed() {
        Scenario server = Scenario.server();
        server.receive(get(1).endStream(), post(3));

        server.conn.closeConnection(NO_ERROR);

        assertThat(server.sent()).containsExactly(Frames.goAway(3, NO_ERROR));
    }

    @Test
    void goAwayBeforeAnyStreamNamesStreamZero() {
        Scenario server = Scenario.server();

        server.conn.closeConnection(NO_ERROR);

        assertThat(server.sent()).containsExactly(Frames.goAway(0, NO_ERROR));
    }

    @Test
    void streamsInFlightFinishAfterOurGoAway() {
        Scenario server = Scenario.server();
        server.receive(post(1));
        server.conn.closeConnection(NO_ERROR);

        List<Event> events = server.receive(Frames.data(1, "body").endStream());
        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        server.conn.sendData(1, ascii("done"), true);

        assertThat(events).hasExactlyElementsOfTypes(DataReceived.class, StreamEnded.class);
        assertThat(server.sent()).containsExactly(Frames.goAway(1, NO_ERROR), Frames.headers(1).response(200),
                Frames.data(1, "done").endStream());
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void requestsAboveTheLastStreamIdAreIgnored() {
        Scenario server = Scenario.server();
        server.receive(post(1));
        server.conn.closeConnection(NO_ERROR);
        server.sent();

        // RFC 9113 §6.8: the sender of GOAWAY can discard frames of streams above its last stream id.
        assertThat(server.receive(get(3).endStream())).isEmpty();
        assertThat(server.sent()).isEmpty();
        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
    }

    @Test
    void requestsUpToAnExplicitLastStreamIdAreStillAccepted() {
        Scenario server = Scenario.server();
        server.receive(get(1).endStream());
        server.conn.closeConnection(NO_ERROR, 5, ByteBuffer.allocate(0));

        assertThat(server.receive(get(3).endStream(), get(5).endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class, RequestReceived.class,
                        StreamEnded.class);
        assertThat(server.receive(get(7).endStream())).isEmpty();
        assertThat(server.conn.openInboundStreams()).isEqualTo(3);
    }

    @Test
    void ignoredRequestsStillUpdateTheHpackTable() {
        HpackEncoder peerEncoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        List<HeaderField> trailer = List.of(HeaderField.of("x-checksum", "abc123"));
        List<HeaderField> request = new ArrayList<>(Frames.requestFields("GET", "https", "example.com", "/"));
        request.add(trailer.get(0));
        byte[] ignored = peerEncoder.encode(request);
        byte[] trailers = peerEncoder.encode(trailer);
        Scenario server = Scenario.server();
        server.receive(post(1));
        server.conn.closeConnection(NO_ERROR);

        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3, ignored)))
                .isEmpty();
        List<Event> events = server.receive(
                Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 1, trailers));

        // The trailers' block is one index into the entry the ignored request added.
        assertThat(trailers).hasSize(1);
        assertThat(events).hasExactlyElementsOfTypes(TrailersReceived.class, StreamEnded.class);
        assertThat(((TrailersReceived) events.get(0)).headers()).isEqualTo(trailer);
    }

    @Test
    void clientOpensNoStreamAfterItsGoAway() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, get(1).fields(), true);
        client.conn.closeConnection(NO_ERROR);

        assertRefused(() -> client.conn.sendHeaders(3, get(3).fields(), true), H2ProtocolException.class,
                REFUSED_STREAM, "RFC 9113 §6.8");

        assertThat(client.sent()).containsExactly(get(1).endStream(), Frames.goAway(0, NO_ERROR));
        assertThat(client.receive(Frames.headers(1).response(200).endStream()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
    }

    @Test
    void pingSettingsAndWindowUpdateKeepWorkingAfterGoAway() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, get(1).fields(), true);
        client.conn.closeConnection(NO_ERROR);
        client.sent();

        client.conn.ping(42);
        client.conn.updateSettings(List.of(new Setting(MAX_CONCURRENT_STREAMS, 10)));
        client.conn.incrementFlowControlWindow(1000);
        client.conn.incrementFlowControlWindow(500, 1);
        List<Event> events = client.receive(Frames.ping(7), Frames.settings().with(MAX_CONCURRENT_STREAMS, 5),
                Frames.windowUpdate(0, 100), Frames.pingAck(42), Frames.settingsAck());

        assertThat(client.sent()).containsExactly(Frames.ping(42), Frames.settings().with(MAX_CONCURRENT_STREAMS, 10),
                Frames.windowUpdate(0, 1000), Frames.windowUpdate(1, 500), Frames.pingAck(7), Frames.settingsAck());
        assertThat(events).hasExactlyElementsOfTypes(PingReceived.class, RemoteSettingsChanged.class,
                WindowUpdated.class, PingAckReceived.class, SettingsAcknowledged.class);
    }

    @Test
    void goAwayCarriesDebugData() {
        Scenario server = Scenario.server();

        server.conn.closeConnection(ENHANCE_YOUR_CALM, 0, ascii("too many requests"));

        assertThat(server.sent()).containsExactly(Frames.goAway(0, ENHANCE_YOUR_CALM, "too many requests"));
    }

    @Test
    void lastStreamIdMayNotIncrease() {
        Scenario server = Scenario.server();
        server.receive(get(1), get(3), get(5));
        server.conn.closeConnection(NO_ERROR, 3, ByteBuffer.allocate(0));

        assertRefused(() -> server.conn.closeConnection(NO_ERROR, 5, ByteBuffer.allocate(0)),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §6.8");
        // Without an explicit id, the earlier GOAWAY's lower last stream id is repeated, not exceeded.
        server.conn.closeConnection(NO_ERROR);
        server.conn.closeConnection(NO_ERROR, 1, ByteBuffer.allocate(0));

        assertThat(server.sent()).containsExactly(Frames.goAway(3, NO_ERROR), Frames.goAway(3, NO_ERROR),
                Frames.goAway(1, NO_ERROR));
    }

    @Test
    void closeConnectionWithAnErrorCodeClosesTheConnection() {
        Scenario server = Scenario.server();
        server.receive(post(1));

        server.conn.closeConnection(PROTOCOL_ERROR);

        assertThat(server.sent()).containsExactly(Frames.goAway(1, PROTOCOL_ERROR));
        // RFC 9113 §5.4.1: after a connection error, input is discarded and nothing more is sent.
        assertThat(server.receive(Frames.data(1, "late"), Frames.ping(1), get(3))).isEmpty();
        assertThat(server.sent()).isEmpty();
        assertRefused(() -> server.conn.sendHeaders(1, Headers.response(200).build(), true),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §5.4.1");
        assertRefused(() -> server.conn.ping(1), H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §5.4.1");
        assertRefused(() -> server.conn.closeConnection(NO_ERROR), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.4.1");
        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void errorGoAwayMayFollowAGracefulOne() {
        Scenario server = Scenario.server();
        server.receive(post(1));
        server.conn.closeConnection(NO_ERROR);

        server.conn.closeConnection(PROTOCOL_ERROR);

        assertThat(server.sent()).containsExactly(Frames.goAway(1, NO_ERROR), Frames.goAway(1, PROTOCOL_ERROR));
        assertThat(server.receive(Frames.data(1, "late"))).isEmpty();
    }

    @Test
    void closeConnectionBeforeInitiatingIsRefused() {
        H2Connection conn = new H2Connection(H2Configuration.server());

        assertRefused(() -> conn.closeConnection(NO_ERROR), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §3.4");
        assertThat(conn.outboundSize()).isZero();
    }

    // ---------------------------------------------------------------- receiving GOAWAY

    @Test
    void receivedGoAwayIsConnectionTerminated() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, get(1).fields(), true);
        client.sent();

        List<Event> events = client.receive(Frames.goAway(1, NO_ERROR, "maintenance"));

        assertThat(events).containsExactly(new ConnectionTerminated(NO_ERROR, 1, ascii("maintenance")));
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void receivedGoAwayWithAnErrorCodeReportsIt() {
        Scenario client = Scenario.client();

        List<Event> events = client.receive(Frames.goAway(0, ENHANCE_YOUR_CALM));

        assertThat(events).containsExactly(new ConnectionTerminated(ENHANCE_YOUR_CALM, 0, ByteBuffer.allocate(0)));
    }

    @Test
    void noNewStreamAfterAReceivedGoAwayButStreamsInFlightFinish() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, get(1).fields(), true);
        client.sent();
        client.receive(Frames.goAway(1, NO_ERROR));

        assertRefused(() -> client.conn.sendHeaders(3, get(3).fields(), true), H2ProtocolException.class,
                REFUSED_STREAM, "RFC 9113 §6.8");

        assertThat(client.conn.outboundSize()).isZero();
        assertThat(client.receive(Frames.headers(1).response(200), Frames.data(1, "ok").endStream()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class, StreamEnded.class);
        client.conn.ping(9);
        assertThat(client.sent()).containsExactly(Frames.ping(9));
    }

    @Test
    void serverAnswersStreamsInFlightAfterTheClientsGoAway() {
        Scenario server = Scenario.server();
        server.receive(get(1).endStream());

        assertThat(server.receive(Frames.goAway(0, NO_ERROR)))
                .containsExactly(new ConnectionTerminated(NO_ERROR, 0, ByteBuffer.allocate(0)));
        server.conn.sendHeaders(1, Headers.response(200).build(), true);

        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200).endStream());
    }

    @Test
    void severalGoAwayFramesMayArrive() {
        Scenario client = Scenario.client();

        assertThat(client.receive(Frames.goAway(MAX_STREAM_ID, NO_ERROR), Frames.goAway(0, NO_ERROR)))
                .containsExactly(new ConnectionTerminated(NO_ERROR, MAX_STREAM_ID, ByteBuffer.allocate(0)),
                        new ConnectionTerminated(NO_ERROR, 0, ByteBuffer.allocate(0)));
    }

    // ---------------------------------------------------------------- graceful shutdown

    @Test
    void gracefulShutdownDrainsInTwoPhases() {
        Scenario server = Scenario.server();
        server.receive(get(1).endStream());

        server.conn.closeGracefully();
        List<TestFrame> firstPhase = server.sent();

        assertThat(firstPhase).hasSize(2);
        assertThat(firstPhase.get(0)).isEqualTo(Frames.goAway(MAX_STREAM_ID, NO_ERROR));
        assertThat(firstPhase.get(1)).isInstanceOfSatisfying(TestFrame.Ping.class, p -> assertThat(p.ack()).isFalse());
        long drainPing = ((TestFrame.Ping) firstPhase.get(1)).opaqueData();

        // A request the client sent before it saw the GOAWAY is still accepted.
        assertThat(server.receive(get(3).endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(server.sent()).isEmpty();

        // The PING's ACK proves every such request has arrived: the final GOAWAY names the last one.
        assertThat(server.receive(Frames.pingAck(drainPing))).containsExactly(new PingAckReceived(drainPing));
        assertThat(server.sent()).containsExactly(Frames.goAway(3, NO_ERROR));

        assertThat(server.receive(get(5).endStream())).isEmpty();
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        server.conn.sendHeaders(3, Headers.response(200).build(), true);
        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200).endStream(),
                Frames.headers(3).response(200).endStream());
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void anotherPingAckDoesNotEndTheDrain() {
        Scenario server = Scenario.server();
        server.conn.ping(1234);
        server.conn.closeGracefully();
        server.sent();

        assertThat(server.receive(Frames.pingAck(1234))).containsExactly(new PingAckReceived(1234));
        assertThat(server.sent()).isEmpty();
        assertThat(server.receive(get(1).endStream())).hasExactlyElementsOfTypes(RequestReceived.class,
                StreamEnded.class);
    }

    @Test
    void gracefulShutdownCannotStartTwice() {
        Scenario server = Scenario.server();
        server.conn.closeGracefully();
        server.sent();

        assertRefused(server.conn::closeGracefully, H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §6.8");
        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void finalGoAwayMayBeSentBeforeThePingAck() {
        Scenario server = Scenario.server();
        server.receive(get(1));
        server.conn.closeGracefully();
        long drainPing = ((TestFrame.Ping) server.sent().get(1)).opaqueData();

        server.conn.closeConnection(NO_ERROR);

        assertThat(server.sent()).containsExactly(Frames.goAway(1, NO_ERROR));
        assertThat(server.receive(Frames.pingAck(drainPing))).containsExactly(new PingAckReceived(drainPing));
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void clientClosesGracefullyWithOneGoAway() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, get(1).fields(), true);

        client.conn.closeGracefully();

        assertThat(client.sent()).containsExactly(get(1).endStream(), Frames.goAway(0, NO_ERROR));
        assertThat(client.receive(Frames.headers(1).response(200).endStream()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
    }

    @Test
    void gracefulShutdownInMemoryLetsTheRequestInFlightFinish() {
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        server.receiveData(client.dataToSend());
        client.receiveData(server.dataToSend());
        server.receiveData(client.dataToSend());

        server.closeGracefully();
        client.sendHeaders(1, get(1).fields(), true);
        List<Event> atClient = client.receiveData(server.dataToSend());
        List<Event> atServer = server.receiveData(client.dataToSend());
        server.sendHeaders(1, Headers.response(204).build(), true);
        List<Event> atClientAfter = client.receiveData(server.dataToSend());

        assertThat(atClient).hasExactlyElementsOfTypes(ConnectionTerminated.class, PingReceived.class);
        assertThat(atServer).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class,
                PingAckReceived.class);
        assertThat(atClientAfter).hasExactlyElementsOfTypes(ConnectionTerminated.class, ResponseReceived.class,
                StreamEnded.class);
        assertThat(((ConnectionTerminated) atClientAfter.get(0)).lastStreamId()).isEqualTo(1);
        assertRefused(() -> client.sendHeaders(3, get(3).fields(), true), H2ProtocolException.class,
                REFUSED_STREAM, "RFC 9113 §6.8");
    }
}

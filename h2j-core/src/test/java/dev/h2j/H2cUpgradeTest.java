package dev.h2j;

import static dev.h2j.H2Assertions.assertConnectionError;
import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.FRAME_SIZE_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static dev.h2j.frame.SettingId.ENABLE_PUSH;
import static dev.h2j.frame.SettingId.INITIAL_WINDOW_SIZE;
import static dev.h2j.frame.SettingId.MAX_CONCURRENT_STREAMS;
import static dev.h2j.frame.SettingId.MAX_FRAME_SIZE;
import static dev.h2j.frame.SettingId.MAX_HEADER_LIST_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The h2c upgrade (RFC 7540 §3.2, kept by RFC 9113 §3.1 for those who use it): the client's request goes
 * over HTTP/1.1 with an HTTP2-Settings header holding its SETTINGS payload in base64url; after the 101
 * response, stream 1 carries that request's response over HTTP/2, half-closed (local) at the client and
 * half-closed (remote) at the server.
 */
class H2cUpgradeTest {

    // curl's HTTP2-Settings: MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW_SIZE 65535.
    private static final String CURL = "AAMAAABkAAQAAP__";
    private static final TestFrame.Headers GET_3 = Frames.headers(3).request("GET", "http", "example.com", "/next");

    /** Reads a SETTINGS payload: 6 octets per setting, identifier then value (RFC 9113 §6.5.1). */
    private static List<Setting> settingsOf(byte[] payload) {
        assertThat(payload.length % 6).as("SETTINGS payload length").isZero();
        ByteBuffer in = ByteBuffer.wrap(payload);
        List<Setting> settings = new ArrayList<>();
        while (in.hasRemaining()) {
            int id = in.getShort() & 0xffff;
            long value = in.getInt() & 0xffffffffL;
            settings.add(new Setting(new SettingId(id), value));
        }
        return settings;
    }

    private static String header(long... idsAndValues) {
        ByteBuffer payload = ByteBuffer.allocate(idsAndValues.length * 3);
        for (int i = 0; i < idsAndValues.length; i += 2) {
            payload.putShort((short) idsAndValues[i]).putInt((int) idsAndValues[i + 1]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
    }

    /** A client that started an upgrade; its preface and SETTINGS are read, stream 1 awaits the response. */
    private static Scenario upgradedClient(H2Configuration config) {
        H2Connection conn = new H2Connection(config);
        conn.initiateUpgradeConnection();
        Scenario client = Scenario.of(conn, Peer.readingFromClient());
        client.sent();
        return client;
    }

    // ---------------------------------------------------------------- client

    @Test
    void clientReturnsItsSettingsPayloadInBase64UrlWithoutPadding() {
        H2Connection client = new H2Connection(H2Configuration.client()
                .withLimits(Limits.defaults().withInitialWindowSize(1 << 20).withMaxFrameSize(32_768)));

        String header = client.initiateUpgradeConnection();

        // RFC 7540 §3.2.1: token68 of the base64url alphabet, trailing '=' omitted.
        assertThat(header).matches("[A-Za-z0-9_-]+");
        List<Setting> decoded = settingsOf(Base64.getUrlDecoder().decode(header));
        assertThat(decoded).containsExactly(new Setting(ENABLE_PUSH, 0), new Setting(MAX_CONCURRENT_STREAMS, 100),
                new Setting(INITIAL_WINDOW_SIZE, 1 << 20), new Setting(MAX_FRAME_SIZE, 32_768),
                new Setting(MAX_HEADER_LIST_SIZE, 65_536));
        // The same settings go out in the preface's SETTINGS frame.
        assertThat(Peer.readingFromClient().read(client.dataToSend()))
                .containsExactly(new TestFrame.Settings(false, decoded));
    }

    @Test
    void clientUpgradeOpensStreamOneHalfClosedLocal() {
        Scenario client = upgradedClient(H2Configuration.client());

        assertThat(client.conn.openOutboundStreams()).isEqualTo(1);
        assertThat(client.conn.nextAvailableStreamId()).isEqualTo(3);
        // RFC 7540 §3.2: the request went over HTTP/1.1, so our side of stream 1 is already closed.
        assertRefused(() -> client.conn.sendData(1, ByteBuffer.allocate(1), true), StreamClosedException.class,
                STREAM_CLOSED, "RFC 9113 §5.1");
        assertRefused(() -> client.conn.sendHeaders(1, Headers.trailers().add("x", "y").build(), true),
                StreamClosedException.class, STREAM_CLOSED, "RFC 9113 §5.1");
        assertThat(client.conn.outboundSize()).isZero();
    }

    @Test
    void clientReceivesTheResponseOnStreamOne() {
        Scenario client = upgradedClient(H2Configuration.client());

        List<Event> events = client.receive(Frames.settings(), Frames.headers(1).response(200).field("server", "x"),
                Frames.data(1, "some data").endStream());

        assertThat(events).hasExactlyElementsOfTypes(RemoteSettingsChanged.class, ResponseReceived.class,
                DataReceived.class, StreamEnded.class);
        assertThat(((ResponseReceived) events.get(1)).streamId()).isEqualTo(1);
        assertThat(client.sent()).containsExactly(Frames.settingsAck());
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void clientMayReceiveAPushOnTheUpgradeStream() {
        Scenario client = upgradedClient(H2Configuration.client().withEnablePush(true));

        List<Event> events = client.receive(Frames.settings(),
                Frames.pushPromise(1, 2).request("GET", "http", "example.com", "/style.css"));

        assertThat(events.get(1)).isEqualTo(new PushedStreamReceived(2, 1,
                Frames.requestFields("GET", "http", "example.com", "/style.css")));
    }

    @Test
    void clientOpensItsNextStreamOnThree() {
        Scenario client = upgradedClient(H2Configuration.client());
        client.receive(Frames.settings(), Frames.settingsAck());
        client.sent();

        client.conn.sendHeaders(3, GET_3.fields(), true);

        assertThat(client.sent()).containsExactly(GET_3.endStream());
        assertThat(client.conn.openOutboundStreams()).isEqualTo(2);
    }

    @Test
    void serverCannotStartAClientUpgrade() {
        H2Connection server = new H2Connection(H2Configuration.server());

        assertRefused(server::initiateUpgradeConnection, H2ProtocolException.class, PROTOCOL_ERROR, "RFC 7540 §3.2");

        assertThat(server.outboundSize()).isZero();
        server.initiateConnection();
        assertThat(server.outboundSize()).isPositive();
    }

    @Test
    void clientUpgradeAfterInitiatingIsRefused() {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        client.dataToSend();

        assertRefused(client::initiateUpgradeConnection, H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §3.4");
        assertThat(client.outboundSize()).isZero();
        assertThat(client.openOutboundStreams()).isZero();
    }

    // ---------------------------------------------------------------- server

    @Test
    void serverAppliesTheClientsSettingsWithoutAcknowledgingThem() {
        H2Connection server = new H2Connection(H2Configuration.server());

        server.initiateUpgradeConnection(header(ENABLE_PUSH.id(), 0, INITIAL_WINDOW_SIZE.id(), 1000,
                MAX_FRAME_SIZE.id(), 32_768));

        assertThat(server.remoteSettings().enablePush()).isFalse();
        assertThat(server.remoteSettings().initialWindowSize()).isEqualTo(1000);
        assertThat(server.maxOutboundFrameSize()).isEqualTo(32_768);
        assertThat(server.localFlowControlWindow(1)).isEqualTo(1000);
        // RFC 7540 §3.2.1: the 101 response acknowledges them; no SETTINGS ACK follows our SETTINGS.
        List<TestFrame> sent = Peer.readingFromServer().read(server.dataToSend());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).isInstanceOfSatisfying(TestFrame.Settings.class, s -> assertThat(s.ack()).isFalse());
    }

    @Test
    void serverAcceptsCurlsHeader() {
        H2Connection server = new H2Connection(H2Configuration.server());

        server.initiateUpgradeConnection(CURL);

        assertThat(server.remoteSettings().maxConcurrentStreams()).isEqualTo(100);
        assertThat(server.remoteSettings().initialWindowSize()).isEqualTo(65_535);
    }

    @Test
    void serverAnswersTheUpgradedRequestOnStreamOne() {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateUpgradeConnection(CURL);
        Scenario server = Scenario.of(conn, Peer.readingFromServer());
        server.sent();

        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        server.conn.sendData(1, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), true);

        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200), Frames.data(1, "hello").endStream());
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void serverStillExpectsTheClientPreface() {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateUpgradeConnection(CURL);
        Scenario server = Scenario.of(conn, Peer.readingFromServer());
        server.sent();

        assertThat(server.receive(Frames.clientPreface(), Frames.settings()))
                .hasExactlyElementsOfTypes(RemoteSettingsChanged.class);
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
    }

    @Test
    void upgradedServerWithoutTheClientPrefaceIsAConnectionError() {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateUpgradeConnection(CURL);
        Scenario server = Scenario.of(conn, Peer.readingFromServer());
        server.sent();

        assertConnectionError(() -> server.receive(Frames.settings()), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §3.4");
    }

    @Test
    void dataFromTheClientOnStreamOneIsStreamClosed() {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateUpgradeConnection(CURL);
        Scenario server = Scenario.of(conn, Peer.readingFromServer());
        server.sent();
        server.receive(Frames.clientPreface(), Frames.settings());
        server.sent();

        // RFC 9113 §5.1: stream 1 is half-closed (remote); the request's content came over HTTP/1.1.
        assertThat(server.receive(Frames.data(1, "more"))).containsExactly(new StreamReset(1, STREAM_CLOSED, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
    }

    @Test
    void clientsNextRequestOpensStreamThree() {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateUpgradeConnection(CURL);
        Scenario server = Scenario.of(conn, Peer.readingFromServer());
        server.sent();

        List<Event> events = server.receive(Frames.clientPreface(), Frames.settings(), GET_3.endStream());

        assertThat(events).hasExactlyElementsOfTypes(RemoteSettingsChanged.class, RequestReceived.class,
                StreamEnded.class);
        assertThat(server.conn.openInboundStreams()).isEqualTo(2);
    }

    @Test
    void pushIsRefusedWhenTheUpgradeHeaderDisabledIt() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateUpgradeConnection(header(ENABLE_PUSH.id(), 0));

        assertRefused(() -> server.pushStream(1, 2, Frames.requestFields("GET", "/style.css")),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.4");
    }

    @Test
    void headerThatIsNotBase64UrlIsRefused() {
        H2Connection server = new H2Connection(H2Configuration.server());

        assertRefused(() -> server.initiateUpgradeConnection("AAMA+ABk"), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 7540 §3.2.1");
        assertRefused(() -> server.initiateUpgradeConnection("not base64!"), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 7540 §3.2.1");

        assertThat(server.outboundSize()).isZero();
        server.initiateUpgradeConnection(CURL);
        assertThat(server.openInboundStreams()).isEqualTo(1);
    }

    @Test
    void headerThatIsNotAWholeNumberOfSettingsIsRefused() {
        H2Connection server = new H2Connection(H2Configuration.server());
        String fiveOctets = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {0, 3, 0, 0, 0});

        assertRefused(() -> server.initiateUpgradeConnection(fiveOctets), H2ProtocolException.class,
                FRAME_SIZE_ERROR, "RFC 7540 §3.2.1");
        assertThat(server.outboundSize()).isZero();
    }

    @Test
    void headerWithAnInvalidSettingValueIsRefused() {
        H2Connection server = new H2Connection(H2Configuration.server());

        // RFC 9113 §6.5.2: SETTINGS_ENABLE_PUSH is 0 or 1.
        assertRefused(() -> server.initiateUpgradeConnection(header(ENABLE_PUSH.id(), 2)), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 7540 §3.2.1");
        assertThat(server.outboundSize()).isZero();
        assertThat(server.openInboundStreams()).isZero();
    }

    @Test
    void clientCannotAcceptAnUpgrade() {
        H2Connection client = new H2Connection(H2Configuration.client());

        assertRefused(() -> client.initiateUpgradeConnection(CURL), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 7540 §3.2");
        assertThat(client.outboundSize()).isZero();
    }

    @Test
    void serverUpgradeAfterInitiatingIsRefused() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        server.dataToSend();

        assertRefused(() -> server.initiateUpgradeConnection(CURL), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §3.4");
        assertThat(server.outboundSize()).isZero();
        assertThat(server.openInboundStreams()).isZero();
    }

    // ---------------------------------------------------------------- both, in memory

    @Test
    void upgradeConversationInMemory() {
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server());

        // GET / HTTP/1.1, Connection: Upgrade, HTTP2-Settings, Upgrade: h2c -- then 101 Switching Protocols.
        String http2Settings = client.initiateUpgradeConnection();
        server.initiateUpgradeConnection(http2Settings);
        assertThat(server.remoteSettings()).isEqualTo(Settings.initial().with(
                settingsOf(Base64.getUrlDecoder().decode(http2Settings))));
        server.sendHeaders(1, Headers.response(200).add("content-length", "5").build(), false);
        server.sendData(1, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), true);

        List<Event> atServer = server.receiveData(client.dataToSend());
        List<Event> atClient = client.receiveData(server.dataToSend());

        assertThat(atServer).hasExactlyElementsOfTypes(RemoteSettingsChanged.class);
        assertThat(atClient).hasExactlyElementsOfTypes(RemoteSettingsChanged.class, ResponseReceived.class,
                DataReceived.class, StreamEnded.class, SettingsAcknowledged.class);
        assertThat(((ResponseReceived) atClient.get(1)).streamId()).isEqualTo(1);
        assertThat(client.openOutboundStreams()).isZero();
        assertThat(server.openInboundStreams()).isZero();

        client.sendHeaders(client.nextAvailableStreamId(), GET_3.fields(), true);
        List<Event> next = server.receiveData(client.dataToSend());
        assertThat(next).hasExactlyElementsOfTypes(SettingsAcknowledged.class, RequestReceived.class,
                StreamEnded.class);
        assertThat(((RequestReceived) next.get(1)).streamId()).isEqualTo(3);
    }
}

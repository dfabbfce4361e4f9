package dev.h2j;

import static dev.h2j.H2Assertions.assertConnectionError;
import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.SettingId.ENABLE_CONNECT_PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.AlternativeServiceAvailable;
import dev.h2j.event.Event;
import dev.h2j.event.OriginReceived;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.UnknownFrameReceived;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.Setting;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Extensions: ALTSVC (RFC 7838) and ORIGIN (RFC 8336) go from server to client; PRIORITY_UPDATE (RFC
 * 9218 §7.1) from client to server; frames of unknown types are reported and never break the connection
 * (RFC 9113 §5.5); extended CONNECT (RFC 8441) needs SETTINGS_ENABLE_CONNECT_PROTOCOL.
 */
class ExtensionFramesTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "https", "example.com", "/");
    private static final TestFrame.Headers WEBSOCKET_1 = Frames.headers(1)
            .request("CONNECT", "https", "example.com", "/chat").field(":protocol", "websocket");
    private static final byte[] PAYLOAD = {(byte) 0xca, (byte) 0xfe};

    // ---------------------------------------------------------------- ALTSVC and ORIGIN

    @Test
    void clientReportsAltSvcForAnOrigin() {
        Scenario client = Scenario.client();

        List<Event> events = client.receive(Frames.altSvc(0, "https://example.com", "h2=\":8443\"; ma=60"));

        assertThat(events).containsExactly(
                new AlternativeServiceAvailable(0, "https://example.com", "h2=\":8443\"; ma=60"));
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void clientReportsAltSvcForAStreamsOrigin() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        assertThat(client.receive(Frames.altSvc(1, "", "h3=\":443\"")))
                .containsExactly(new AlternativeServiceAvailable(1, "", "h3=\":443\""));
    }

    @Test
    void serverIgnoresAltSvc() {
        Scenario server = Scenario.server();

        assertThat(server.receive(Frames.altSvc(0, "https://example.com", "h2=\":8443\""))).isEmpty();
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void clientReportsOrigin() {
        Scenario client = Scenario.client();

        assertThat(client.receive(Frames.origin("https://example.com", "https://cdn.example.com")))
                .containsExactly(new OriginReceived(List.of("https://example.com", "https://cdn.example.com")));
    }

    @Test
    void serverIgnoresOrigin() {
        Scenario server = Scenario.server();

        assertThat(server.receive(Frames.origin("https://example.com"))).isEmpty();
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void serverAdvertisesAnAlternativeServiceForAnOrigin() {
        Scenario server = Scenario.server();

        server.conn.advertiseAlternativeService("h2=\":8443\"", "https://example.com");

        assertThat(server.sent()).containsExactly(Frames.altSvc(0, "https://example.com", "h2=\":8443\""));
    }

    @Test
    void serverAdvertisesAnAlternativeServiceOnAStream() {
        Scenario server = Scenario.server();
        server.receive(GET_1.endStream());

        server.conn.advertiseAlternativeService("h2=\":8443\"", 1);

        assertThat(server.sent()).containsExactly(Frames.altSvc(1, "", "h2=\":8443\""));
    }

    @Test
    void alternativeServiceOnAnIdleStreamIsRefused() {
        Scenario server = Scenario.server();

        assertRefused(() -> server.conn.advertiseAlternativeService("h2=\":8443\"", 1), NoSuchStreamException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1");
        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void clientCannotAdvertiseAnAlternativeService() {
        Scenario client = Scenario.client();

        assertRefused(() -> client.conn.advertiseAlternativeService("h2=\":8443\"", "https://example.com"),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 7838 §4");
        assertThat(client.conn.outboundSize()).isZero();
    }

    @Test
    void serverSendsOrigin() {
        Scenario server = Scenario.server();

        server.conn.sendOrigin(List.of("https://example.com", "https://example.org"));

        assertThat(server.sent()).containsExactly(Frames.origin("https://example.com", "https://example.org"));
    }

    @Test
    void clientCannotSendOrigin() {
        Scenario client = Scenario.client();

        assertRefused(() -> client.conn.sendOrigin(List.of("https://example.com")), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 8336 §2");
        assertThat(client.conn.outboundSize()).isZero();
    }

    // ---------------------------------------------------------------- PRIORITY_UPDATE

    @Test
    void serverReportsPriorityUpdate() {
        Scenario server = Scenario.server();
        server.receive(GET_1);

        assertThat(server.receive(Frames.priorityUpdate(1, "u=1, i")))
                .containsExactly(new PriorityUpdateReceived(1, "u=1, i"));
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void priorityUpdateForAnIdleStreamCreatesNoStream() {
        Scenario server = Scenario.server();

        // RFC 9218 §7.1: a PRIORITY_UPDATE may arrive before the request it concerns.
        assertThat(server.receive(Frames.priorityUpdate(5, "u=0")))
                .containsExactly(new PriorityUpdateReceived(5, "u=0"));
        assertThat(server.conn.openInboundStreams()).isZero();
        assertThat(server.receive(Frames.headers(3).request("GET", "/").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
    }

    @Test
    void priorityUpdateReceivedByAClientIsAConnectionError() {
        Scenario client = Scenario.client();

        assertConnectionError(() -> client.receive(Frames.priorityUpdate(1, "u=1")), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 9218 §7.1");
        assertThat(TestFrame.withoutDebugData(client.sent())).containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void priorityUpdateForStreamZeroIsAConnectionError() {
        Scenario server = Scenario.server();

        assertConnectionError(() -> server.receive(Frames.priorityUpdate(0, "u=1")), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 9218 §7.1");
    }

    @Test
    void altSvcAndOriginInShapesTheirRfcsIgnoreAreReportedAsUnknownFrames() {
        Scenario client = Scenario.client();
        byte[] altSvcWithoutOrigin = concat(new byte[] {0, 0}, "h3=\":443\"".getBytes(StandardCharsets.US_ASCII));
        byte[] originEntry = concat(new byte[] {0, 19}, "https://example.com".getBytes(StandardCharsets.US_ASCII));

        // RFC 7838 §4: ALTSVC on stream 0 without an origin is ignored; RFC 8336 §2.1: so is ORIGIN on a stream.
        List<Event> events = client.receive(Frames.altSvc(0, "", "h3=\":443\""), Frames.raw(0xc, 0, 1, originEntry));

        assertThat(events).containsExactly(new UnknownFrameReceived(0xa, 0, 0, ByteBuffer.wrap(altSvcWithoutOrigin)),
                new UnknownFrameReceived(0xc, 0, 1, ByteBuffer.wrap(originEntry)));
        assertThat(client.sent()).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    // ---------------------------------------------------------------- unknown frame types

    @Test
    void serverReportsAnUnknownFrame() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(Frames.unknown(0xfa, 0x5, 0, PAYLOAD));

        assertThat(events).containsExactly(new UnknownFrameReceived(0xfa, 0x5, 0, ByteBuffer.wrap(PAYLOAD)));
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void clientReportsAnUnknownFrameOnAnyStream() {
        Scenario client = Scenario.client();

        // RFC 9113 §5.5: an unknown type names no stream state; even an idle stream is fine.
        List<Event> events = client.receive(Frames.unknown(0x21, 0, 7, PAYLOAD), Frames.unknown(0xff, 0xff, 0,
                new byte[0]));

        assertThat(events).containsExactly(new UnknownFrameReceived(0x21, 0, 7, ByteBuffer.wrap(PAYLOAD)),
                new UnknownFrameReceived(0xff, 0xff, 0, ByteBuffer.allocate(0)));
        assertThat(client.conn.openInboundStreams()).isZero();
    }

    @Test
    void unknownFrameInsideAHeaderBlockIsAConnectionError() {
        Scenario server = Scenario.server();

        // RFC 9113 §6.10: only CONTINUATION frames of the same stream may follow until END_HEADERS.
        assertConnectionError(() -> server.receive(GET_1.continuations(1).withoutEndHeaders(),
                Frames.unknown(0xfa, 0, 0, PAYLOAD)), H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §6.10");
    }

    @Test
    void sendUnknownFrameWritesIt() {
        Scenario client = Scenario.client();

        client.conn.sendUnknownFrame(0xfa, 0x3, 5, ByteBuffer.wrap(PAYLOAD));

        assertThat(client.sent()).containsExactly(Frames.unknown(0xfa, 0x3, 5, PAYLOAD));
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void sendUnknownFrameRefusesKnownTypes(FrameType type) {
        Scenario server = Scenario.server();

        assertThatThrownBy(() -> server.conn.sendUnknownFrame(type.code(), 0, 0, ByteBuffer.wrap(PAYLOAD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 9113 §5.5");
        assertThat(server.conn.outboundSize()).isZero();
    }

    // ---------------------------------------------------------------- extended CONNECT

    @Test
    void serverThatEnablesExtendedConnectAdvertisesIt() {
        H2Connection server = new H2Connection(H2Configuration.server().withEnableConnectProtocol(true));
        server.initiateConnection();

        TestFrame.Settings settings = (TestFrame.Settings) Peer.readingFromServer().read(server.dataToSend()).get(0);

        assertThat(settings.settings()).contains(new Setting(ENABLE_CONNECT_PROTOCOL, 1));
    }

    @Test
    void extendedConnectIsAcceptedWhenTheServerEnabledIt() {
        Scenario server = Scenario.server(H2Configuration.server().withEnableConnectProtocol(true));

        List<Event> events = server.receive(WEBSOCKET_1);

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class);
        assertThat(Headers.first(((RequestReceived) events.get(0)).headers(), ":protocol")).contains("websocket");
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void extendedConnectIsMalformedWhenTheServerDidNotEnableIt() {
        Scenario server = Scenario.server();

        assertThat(server.receive(WEBSOCKET_1)).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
    }

    @Test
    void protocolPseudoHeaderNeedsConnect() {
        Scenario server = Scenario.server(H2Configuration.server().withEnableConnectProtocol(true));

        // RFC 8441 §4: :protocol extends CONNECT only.
        assertThat(server.receive(GET_1.field(":protocol", "websocket")))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
    }

    @Test
    void extendedConnectNeedsPathAndScheme() {
        Scenario server = Scenario.server(H2Configuration.server().withEnableConnectProtocol(true));

        assertThat(server.receive(Frames.headers(1).field(":method", "CONNECT").field(":authority", "example.com")
                .field(":protocol", "websocket"))).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
    }

    @Test
    void plainConnectNeedsNoSetting() {
        Scenario server = Scenario.server();

        // RFC 9113 §8.5: CONNECT names its target in :authority and has neither :scheme nor :path.
        List<Event> events = server.receive(Frames.headers(1).field(":method", "CONNECT")
                .field(":authority", "proxy.example:443"));

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class);
    }

    @Test
    void clientSendsExtendedConnectOnceTheServerEnabledIt() {
        Scenario client = Scenario.client(H2Configuration.client(), Frames.settings().with(ENABLE_CONNECT_PROTOCOL, 1));

        client.conn.sendHeaders(1, WEBSOCKET_1.fields(), false);

        assertThat(client.sent()).containsExactly(WEBSOCKET_1);
    }

    @Test
    void clientExtendedConnectIsRefusedWithoutTheServersSetting() {
        Scenario client = Scenario.client();

        assertRefused(() -> client.conn.sendHeaders(1, WEBSOCKET_1.fields(), false), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 8441 §3");
        assertThat(client.conn.outboundSize()).isZero();
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void serverCannotWithdrawExtendedConnect() {
        Scenario client = Scenario.client(H2Configuration.client(), Frames.settings().with(ENABLE_CONNECT_PROTOCOL, 1));

        // RFC 8441 §3: once 1, SETTINGS_ENABLE_CONNECT_PROTOCOL must not become 0.
        assertConnectionError(() -> client.receive(Frames.settings().with(ENABLE_CONNECT_PROTOCOL, 0)),
                InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 8441 §3");
    }

    @Test
    void extendedConnectCrossesTheWireInMemory() {
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server().withEnableConnectProtocol(true));
        client.initiateConnection();
        server.initiateConnection();
        server.receiveData(client.dataToSend());
        client.receiveData(server.dataToSend());

        client.sendHeaders(1, Headers.request("CONNECT", "https", "example.com", "/chat")
                .add(":protocol", "websocket").add("sec-websocket-version", "13").build(), false);
        List<Event> atServer = server.receiveData(client.dataToSend());

        RequestReceived request = (RequestReceived) atServer.get(atServer.size() - 1);
        assertThat(request.headers()).contains(HeaderField.of(":protocol", "websocket"));
        server.sendHeaders(1, Headers.response(200).build(), false);
        assertThat(client.receiveData(server.dataToSend())).hasSize(1);
    }
}

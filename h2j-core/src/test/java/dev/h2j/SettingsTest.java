package dev.h2j;

import static dev.h2j.frame.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.h2j.frame.ErrorCode.FRAME_SIZE_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.REFUSED_STREAM;
import static dev.h2j.frame.SettingId.ENABLE_CONNECT_PROTOCOL;
import static dev.h2j.frame.SettingId.ENABLE_PUSH;
import static dev.h2j.frame.SettingId.HEADER_TABLE_SIZE;
import static dev.h2j.frame.SettingId.INITIAL_WINDOW_SIZE;
import static dev.h2j.frame.SettingId.MAX_CONCURRENT_STREAMS;
import static dev.h2j.frame.SettingId.MAX_FRAME_SIZE;
import static dev.h2j.frame.SettingId.MAX_HEADER_LIST_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.ChangedSetting;
import dev.h2j.event.PingReceived;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SETTINGS, RFC 9113 §6.5: what each side announces first, the peer's settings applied at once and
 * acknowledged, ours applied only when the peer acknowledges them and in the order sent, the limits
 * that protect us enforced before that, and the values either side may not send.
 */
class SettingsTest {

    private static final List<HeaderField> GET = Frames.requestFields("GET", "https", "example.com", "/");
    /** The limits a default endpoint announces (a client adds ENABLE_PUSH 0 first). */
    private static final TestFrame.Settings DEFAULT_LIMITS = Frames.settings().with(MAX_CONCURRENT_STREAMS, 100)
            .with(MAX_HEADER_LIST_SIZE, 65_536);

    private static TestFrame.Headers request(int streamId) {
        return Frames.headers(streamId).request("GET", "https", "example.com", "/");
    }

    /** One setting changed from {@code from} (absent when negative) to {@code to}. */
    private static ChangedSetting changed(SettingId id, long from, long to) {
        return new ChangedSetting(id, from < 0 ? OptionalLong.empty() : OptionalLong.of(from), to);
    }

    private static Map<SettingId, ChangedSetting> changes(ChangedSetting... changed) {
        Map<SettingId, ChangedSetting> map = new LinkedHashMap<>();
        for (ChangedSetting c : changed) {
            map.put(c.setting(), c);
        }
        return map;
    }

    // ---------------------------------------------------------------- the first SETTINGS

    @Test
    void clientAnnouncesPushDisabledAndItsLimits() {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();

        assertThat(Peer.readingFromClient().read(client.dataToSend())).containsExactly(Frames.settings()
                .with(ENABLE_PUSH, 0).with(MAX_CONCURRENT_STREAMS, 100).with(MAX_HEADER_LIST_SIZE, 65_536));
    }

    @Test
    void serverAnnouncesItsLimits() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();

        assertThat(Peer.readingFromServer().read(server.dataToSend())).containsExactly(DEFAULT_LIMITS);
    }

    @Test
    void configuredLimitsAreAnnouncedWhenTheyDifferFromTheRfcDefaults() {
        Limits limits = Limits.defaults().withHeaderTableSize(8192).withMaxConcurrentStreams(10)
                .withInitialWindowSize(1000).withMaxFrameSize(32_768).withMaxHeaderListSize(4096);
        H2Connection server = new H2Connection(H2Configuration.server().withLimits(limits)
                .withEnableConnectProtocol(true));
        H2Connection client = new H2Connection(H2Configuration.client().withEnablePush(true));
        server.initiateConnection();
        client.initiateConnection();

        assertThat(Peer.readingFromServer().read(server.dataToSend())).containsExactly(Frames.settings()
                .with(HEADER_TABLE_SIZE, 8192).with(MAX_CONCURRENT_STREAMS, 10).with(INITIAL_WINDOW_SIZE, 1000)
                .with(MAX_FRAME_SIZE, 32_768).with(MAX_HEADER_LIST_SIZE, 4096).with(ENABLE_CONNECT_PROTOCOL, 1));
        assertThat(Peer.readingFromClient().read(client.dataToSend())).containsExactly(DEFAULT_LIMITS);
    }

    @ParameterizedTest
    @MethodSource("notSettings")
    void serversFirstFrameFromTheClientMustBeSettings(Wire first) {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        Peer peer = Peer.readingFromServer();
        peer.read(server.dataToSend());

        H2Exception e = H2Assertions.assertConnectionError(() -> server.receiveData(Frames.concat(Frames.clientPreface(),
                first, Frames.settings())), H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §3.4");

        assertThat(e.events()).isEmpty();
        assertThat(TestFrame.withoutDebugData(peer.read(server.dataToSend())))
                .containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @MethodSource("notSettings")
    void clientsFirstFrameFromTheServerMustBeSettings(Wire first) {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        Peer peer = Peer.readingFromClient();
        peer.read(client.dataToSend());

        H2Assertions.assertConnectionError(() -> client.receiveData(first.buffer()), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 9113 §3.4");

        assertThat(TestFrame.withoutDebugData(peer.read(client.dataToSend())))
                .containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void serverRejectsAWrongClientPreface() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        Peer peer = Peer.readingFromServer();
        peer.read(server.dataToSend());
        byte[] preface = Frames.clientPreface().bytes();
        preface[3] = 'X';

        H2Assertions.assertConnectionError(() -> server.receiveData(ByteBuffer.wrap(preface)), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 9113 §3.4");

        assertThat(TestFrame.withoutDebugData(peer.read(server.dataToSend())))
                .containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void handshakeMayArriveOneOctetAtATime() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        server.dataToSend();
        byte[] wire = Frames.concatBytes(Frames.clientPreface(), Frames.settings().with(MAX_CONCURRENT_STREAMS, 5),
                Frames.settingsAck());

        assertThat(Splits.feed(Splits.bytewise(wire), server::receiveData)).containsExactly(
                new RemoteSettingsChanged(changes(changed(MAX_CONCURRENT_STREAMS, -1, 5))),
                new SettingsAcknowledged(changes(changed(MAX_CONCURRENT_STREAMS, -1, 100),
                        changed(MAX_HEADER_LIST_SIZE, -1, 65_536))));
        assertThat(Peer.readingFromServer().read(server.dataToSend())).containsExactly(Frames.settingsAck());
    }

    @Test
    void receivingBeforeInitiatingIsRefused() {
        H2Connection server = new H2Connection(H2Configuration.server());

        H2Assertions.assertRefused(server, () -> server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings())),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §3.4");
    }

    static Stream<Wire> notSettings() {
        return Stream.of(Frames.ping(1), Frames.settingsAck(), Frames.windowUpdate(0, 1));
    }

    // ---------------------------------------------------------------- the peer's settings

    @Test
    void peersSettingsApplyAtOnceAndAreAcknowledged() {
        Scenario server = Scenario.server();

        assertThat(server.receive(Frames.settings().with(MAX_CONCURRENT_STREAMS, 5).with(MAX_FRAME_SIZE, 20_000)))
                .containsExactly(new RemoteSettingsChanged(changes(changed(MAX_CONCURRENT_STREAMS, -1, 5),
                        changed(MAX_FRAME_SIZE, 16_384, 20_000))));
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
        assertThat(server.conn.remoteSettings().maxConcurrentStreams()).isEqualTo(5);
        assertThat(server.conn.maxOutboundFrameSize()).isEqualTo(20_000);

        // A setting listed twice changes once, from the value before the frame to the last one.
        assertThat(server.receive(Frames.settings().with(MAX_CONCURRENT_STREAMS, 6).with(MAX_CONCURRENT_STREAMS, 7)))
                .containsExactly(new RemoteSettingsChanged(changes(changed(MAX_CONCURRENT_STREAMS, 5, 7))));
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
        assertThat(server.conn.remoteSettings().maxConcurrentStreams()).isEqualTo(7);
    }

    @Test
    void peersMaxConcurrentStreamsLimitsTheStreamsWeOpen() {
        Scenario client = Scenario.client(Frames.settings().with(MAX_CONCURRENT_STREAMS, 1));
        client.conn.sendHeaders(1, GET, true);
        assertThat(client.sent()).containsExactly(request(1).endStream());

        client.refuses(() -> client.conn.sendHeaders(3, GET, true), TooManyStreamsException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1.2");
        assertThat(client.conn.nextAvailableStreamId()).isEqualTo(3);

        // Once stream 1 closes, stream 3 may open; its block decodes, so the refusal left HPACK alone.
        client.receive(Frames.headers(1).response(204).endStream());
        client.conn.sendHeaders(3, GET, true);
        assertThat(client.sent()).containsExactly(request(3).endStream());
    }

    @Test
    void peersMaxFrameSizeRaisesTheLargestFrameWeMaySend() {
        Scenario server = Scenario.server();
        server.receive(request(1));
        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        assertThat(server.conn.maxOutboundFrameSize()).isEqualTo(16_384);

        server.receive(Frames.settings().with(MAX_FRAME_SIZE, 20_000));
        server.conn.sendData(1, ByteBuffer.allocate(20_000), false);

        server.peer().setMaxFrameSize(20_000);
        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200), Frames.settingsAck(),
                Frames.dataOfLength(1, 20_000));
        server.refuses(() -> server.conn.sendData(1, ByteBuffer.allocate(20_001), false),
                FrameTooLargeException.class, FRAME_SIZE_ERROR, "RFC 9113 §4.2");
    }

    @Test
    void peersMaxHeaderListSizeLimitsTheHeadersWeSend() {
        // RFC 9113 §6.5.2: 32 octets per field plus name and value; the request's four fields take 177.
        Scenario client = Scenario.client(Frames.settings().with(MAX_HEADER_LIST_SIZE, 200));
        List<HeaderField> large = new ArrayList<>(GET);
        large.add(HeaderField.of("x-pad", "x".repeat(10)));

        client.refuses(() -> client.conn.sendHeaders(1, large, true), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §6.5.2");

        assertThat(client.conn.nextAvailableStreamId()).isEqualTo(1);
        client.conn.sendHeaders(1, GET, true);
        assertThat(client.sent()).containsExactly(request(1).endStream());
    }

    @Test
    void serverAcceptsEnablePushOneFromTheClient() {
        Scenario server = Scenario.server();

        assertThat(server.receive(Frames.settings().with(ENABLE_PUSH, 1)))
                .containsExactly(new RemoteSettingsChanged(changes(changed(ENABLE_PUSH, 1, 1))));
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
    }

    @Test
    void clientReceivingEnablePushOneIsAConnectionError() {
        Scenario client = Scenario.client();

        H2Exception e = client.failsConnection(InvalidSettingsValueException.class, PROTOCOL_ERROR,
                "RFC 9113 §6.5.2", Frames.ping(1), Frames.settings().with(ENABLE_PUSH, 1));

        assertThat(e.events()).containsExactly(new PingReceived(1));
        // No SETTINGS ACK: the frame was not applied.
        assertThat(TestFrame.withoutDebugData(client.sent()))
                .containsExactly(Frames.pingAck(1), Frames.goAway(0, PROTOCOL_ERROR));
        assertThat(client.conn.remoteSettings().enablePush()).isTrue();
    }

    @Test
    void peerCannotWithdrawExtendedConnect() {
        Scenario client = Scenario.client();
        client.receive(Frames.settings().with(ENABLE_CONNECT_PROTOCOL, 1));
        assertThat(client.sent()).containsExactly(Frames.settingsAck());

        client.failsConnection(InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 8441 §3",
                Frames.settings().with(ENABLE_CONNECT_PROTOCOL, 0));

        assertThat(TestFrame.withoutDebugData(client.sent())).containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void pushPromiseAfterOurAcknowledgedEnablePushZeroIsAConnectionError() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET, false);
        client.sent();

        client.failsConnection(UnsupportedFrameException.class, PROTOCOL_ERROR, "RFC 9113 §8.4",
                Frames.pushPromise(1, 2).request("GET", "/pushed"));

        assertThat(TestFrame.withoutDebugData(client.sent())).containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void pushPromiseThatCrossedOurEnablePushZeroIsRefusedNotAConnectionError() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true), Frames.settings());
        client.conn.sendHeaders(1, GET, false);
        client.conn.updateSettings(List.of(new Setting(ENABLE_PUSH, 0)));
        client.sent();

        // RFC 9113 §6.5.2: only an acknowledged ENABLE_PUSH 0 makes PUSH_PROMISE a connection error;
        // the server may have sent this one before it read ours, so the promised stream is refused (§8.4.2).
        assertThat(client.receive(Frames.pushPromise(1, 2).request("GET", "/pushed"))).isEmpty();
        assertThat(client.sent()).containsExactly(Frames.rstStream(2, REFUSED_STREAM));

        assertThat(client.receive(Frames.settingsAck()))
                .containsExactly(new SettingsAcknowledged(changes(changed(ENABLE_PUSH, 1, 0))));
        client.failsConnection(UnsupportedFrameException.class, PROTOCOL_ERROR, "RFC 9113 §8.4",
                Frames.pushPromise(1, 4).request("GET", "/pushed"));
    }

    @Test
    void pushIsAcceptedAsSoonAsWeEnableIt() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET, false);
        client.conn.updateSettings(List.of(new Setting(ENABLE_PUSH, 1)));
        client.sent();

        // The server may push once it reads our ENABLE_PUSH 1, before we see its ACK.
        assertThat(client.receive(Frames.pushPromise(1, 2).request("GET", "/pushed"))).containsExactly(
                new PushedStreamReceived(2, 1, Frames.requestFields("GET", "/pushed")));
        assertThat(client.sent()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("malformedSettings")
    void malformedSettingsAreConnectionErrors(Wire settings, Class<? extends H2Exception> type, ErrorCode code,
            String rule) {
        Scenario server = Scenario.server();

        server.failsConnection(type, code, rule, settings);

        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(0, code));
    }

    static Stream<Arguments> malformedSettings() {
        return Stream.of(
                Arguments.of(Frames.rawSettings(ENABLE_PUSH.id(), 2), InvalidSettingsValueException.class,
                        PROTOCOL_ERROR, "RFC 9113 §6.5.2"),
                Arguments.of(Frames.rawSettings(MAX_FRAME_SIZE.id(), 16_383), InvalidSettingsValueException.class,
                        PROTOCOL_ERROR, "RFC 9113 §6.5.2"),
                Arguments.of(Frames.rawSettings(MAX_FRAME_SIZE.id(), 1 << 24), InvalidSettingsValueException.class,
                        PROTOCOL_ERROR, "RFC 9113 §6.5.2"),
                Arguments.of(Frames.rawSettings(ENABLE_CONNECT_PROTOCOL.id(), 2), InvalidSettingsValueException.class,
                        PROTOCOL_ERROR, "RFC 8441 §3"),
                // The code decides the class: an out-of-range initial window is a FLOW_CONTROL_ERROR.
                Arguments.of(Frames.rawSettings(INITIAL_WINDOW_SIZE.id(), 1L << 31), FlowControlException.class,
                        FLOW_CONTROL_ERROR, "RFC 9113 §6.5.2"),
                Arguments.of(Frames.raw(FrameType.SETTINGS, 0, 1, new byte[0]), H2ProtocolException.class,
                        PROTOCOL_ERROR, "RFC 9113 §6.5"),
                Arguments.of(Frames.raw(FrameType.SETTINGS, Frames.ACK, 0, new byte[6]),
                        FrameDataMissingException.class, FRAME_SIZE_ERROR, "RFC 9113 §6.5"),
                Arguments.of(Frames.raw(FrameType.SETTINGS, 0, 0, new byte[5]), FrameDataMissingException.class,
                        FRAME_SIZE_ERROR, "RFC 9113 §6.5"));
    }

    @Test
    void unknownSettingsAreIgnored() {
        Scenario server = Scenario.server();

        // RFC 9113 §6.5.2: an unknown identifier changes nothing; it is reported and kept, as h2 does.
        assertThat(server.receive(Frames.rawSettings(0xf0f0, 7)))
                .containsExactly(new RemoteSettingsChanged(changes(changed(SettingId.of(0xf0f0), -1, 7))));

        assertThat(server.sent()).containsExactly(Frames.settingsAck());
        assertThat(server.conn.remoteSettings()).isEqualTo(Settings.initial().with(List.of(
                new Setting(SettingId.of(0xf0f0), 7))));
    }

    @Test
    void zeroHeaderTableSizeStopsOurEncoderIndexing() {
        Scenario indexing = Scenario.client();
        Scenario notIndexing = Scenario.client(Frames.settings().with(HEADER_TABLE_SIZE, 0));
        List<HeaderField> fields = new ArrayList<>(GET);
        fields.add(HeaderField.of("x-trace", "abc123"));
        for (Scenario client : List.of(indexing, notIndexing)) {
            client.conn.sendHeaders(1, fields, true);
            client.conn.sendHeaders(3, fields, true);
        }

        List<byte[]> indexed = blocks(indexing);
        assertThat(indexed.get(1)).hasSizeLessThan(indexed.get(0).length);
        List<byte[]> literal = blocks(notIndexing);
        // RFC 7541 §6.3: the first block opens with a dynamic table size update to 0 (001 00000) ...
        assertThat(literal.get(0)[0]).isEqualTo((byte) 0x20);
        // ... and the second repeats the rest of it: nothing was indexed to refer to.
        assertThat(literal.get(1)).isEqualTo(Arrays.copyOfRange(literal.get(0), 1, literal.get(0).length));
    }

    @Test
    void headerTableSizeThatDipsWithinOneSettingsFrameIsSignalledAtItsSmallestFirst() {
        // RFC 9113 §6.5.3: the values of one SETTINGS frame apply in order. RFC 7541 §4.2: when the limit
        // changed more than once between two blocks, the smallest is signalled first, then the final one,
        // so that the peer's decoder, whose table went down to 0, agrees with ours on what was evicted.
        Scenario client = Scenario.client(Frames.settings().with(HEADER_TABLE_SIZE, 0).with(HEADER_TABLE_SIZE, 4096));
        List<HeaderField> fields = new ArrayList<>(GET);
        fields.add(HeaderField.of("x-trace", "abc123"));
        client.conn.sendHeaders(1, fields, true);
        client.conn.sendHeaders(3, fields, true);

        List<byte[]> blocks = blocks(client);
        // 001 00000: size update to 0; 001 11111 then 4096 - 31 = 4065 as 0xe1 0x1f: size update to 4096.
        assertThat(Arrays.copyOf(blocks.get(0), 4)).containsExactly(0x20, 0x3f, 0xe1, 0x1f);
        assertThat(blocks.get(1)).as("the second block indexes what the first added").hasSizeLessThan(blocks.get(0).length - 4);
    }

    /** The field blocks of the HEADERS frames a connection queued, after the peer decoded them. */
    private static List<byte[]> blocks(Scenario client) {
        ByteBuffer wire = client.conn.dataToSend();
        assertThat(client.peer().read(wire.duplicate())).containsExactly(request(1).field("x-trace", "abc123")
                .endStream(), request(3).field("x-trace", "abc123").endStream());
        FrameParser parser = new FrameParser();
        List<byte[]> blocks = new ArrayList<>();
        for (var frame = parser.next(wire); frame != null; frame = parser.next(wire)) {
            ByteBuffer fragment = ((HeadersFrame) frame).fragment();
            byte[] block = new byte[fragment.remaining()];
            fragment.get(block);
            blocks.add(block);
        }
        return blocks;
    }

    // ---------------------------------------------------------------- our settings

    @Test
    void ourSettingsApplyOnlyWhenAcknowledgedAndInOrder() {
        Scenario server = Scenario.server();
        server.conn.updateSettings(List.of(new Setting(MAX_FRAME_SIZE, 20_000)));
        server.conn.updateSettings(List.of(new Setting(MAX_FRAME_SIZE, 30_000), new Setting(HEADER_TABLE_SIZE, 1024)));
        assertThat(server.sent()).containsExactly(Frames.settings().with(MAX_FRAME_SIZE, 20_000),
                Frames.settings().with(MAX_FRAME_SIZE, 30_000).with(HEADER_TABLE_SIZE, 1024));
        assertThat(server.conn.localSettings().maxFrameSize()).isEqualTo(16_384);
        assertThat(server.conn.maxInboundFrameSize()).isEqualTo(16_384);

        assertThat(server.receive(Frames.settingsAck()))
                .containsExactly(new SettingsAcknowledged(changes(changed(MAX_FRAME_SIZE, 16_384, 20_000))));
        assertThat(server.conn.localSettings().maxFrameSize()).isEqualTo(20_000);
        assertThat(server.conn.maxInboundFrameSize()).isEqualTo(20_000);
        assertThat(server.conn.localSettings().headerTableSize()).isEqualTo(4096);

        assertThat(server.receive(Frames.settingsAck())).containsExactly(new SettingsAcknowledged(changes(
                changed(MAX_FRAME_SIZE, 20_000, 30_000), changed(HEADER_TABLE_SIZE, 4096, 1024))));
        assertThat(server.conn.localSettings().maxFrameSize()).isEqualTo(30_000);
        assertThat(server.conn.localSettings().headerTableSize()).isEqualTo(1024);
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void unexpectedSettingsAckIsIgnored() {
        Scenario server = Scenario.server();

        assertThat(server.receive(Frames.settingsAck())).isEmpty();

        assertThat(server.sent()).isEmpty();
        assertThat(server.conn.localSettings()).isEqualTo(Settings.initial().with(List.of(
                new Setting(MAX_CONCURRENT_STREAMS, 100), new Setting(MAX_HEADER_LIST_SIZE, 65_536))));
    }

    @Test
    void maxConcurrentStreamsWeAnnounceIsEnforcedBeforeTheAck() {
        Scenario server = Scenario.server();
        server.conn.updateSettings(List.of(new Setting(MAX_CONCURRENT_STREAMS, 1)));
        server.sent();

        assertThat(server.receive(request(1), request(3), Frames.ping(1)))
                .containsExactly(new RequestReceived(1, GET, Optional.empty(), Optional.empty()), new PingReceived(1));

        // RFC 9113 §5.1.2: the extra stream is refused, and the connection goes on.
        assertThat(server.sent()).containsExactly(Frames.rstStream(3, REFUSED_STREAM), Frames.pingAck(1));
        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
        assertThat(server.conn.localSettings().maxConcurrentStreams()).isEqualTo(100);
    }

    @Test
    void serverCannotEnablePush() {
        Scenario server = Scenario.server();

        server.refuses(() -> server.conn.updateSettings(List.of(new Setting(ENABLE_PUSH, 1))),
                InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 9113 §6.5.2");
    }

    @Test
    void weCannotWithdrawExtendedConnect() {
        Scenario server = Scenario.server(H2Configuration.server().withEnableConnectProtocol(true),
                Frames.settings());

        server.refuses(() -> server.conn.updateSettings(List.of(new Setting(ENABLE_CONNECT_PROTOCOL, 0))),
                InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 8441 §3");
    }

    // ---------------------------------------------------------------- HTTP2-Settings (h2c upgrade)

    /** The payload of {@code settings}: what the HTTP2-Settings header carries (RFC 7540 §3.2.1). */
    private static byte[] payload(TestFrame.Settings settings) {
        byte[] frame = settings.bytes();
        return Arrays.copyOfRange(frame, 9, frame.length);
    }

    @Test
    void upgradingClientPutsItsSettingsInTheHeaderAndOnTheWire() {
        H2Connection client = new H2Connection(H2Configuration.client());
        TestFrame.Settings ours = Frames.settings().with(ENABLE_PUSH, 0).with(MAX_CONCURRENT_STREAMS, 100)
                .with(MAX_HEADER_LIST_SIZE, 65_536);

        String header = client.initiateUpgradeConnection();

        assertThat(Base64.getUrlDecoder().decode(header)).isEqualTo(payload(ours));
        assertThat(header).doesNotContain("=");
        assertThat(Peer.readingFromClient().read(client.dataToSend())).containsExactly(ours);
        // Stream 1 carried the HTTP/1.1 request.
        assertThat(client.nextAvailableStreamId()).isEqualTo(3);
    }

    @Test
    void upgradedServerAppliesTheHeaderSettingsWithoutAcknowledgingThem() {
        H2Connection server = new H2Connection(H2Configuration.server());
        Peer peer = Peer.readingFromServer();

        server.initiateUpgradeConnection(Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload(Frames.settings().with(INITIAL_WINDOW_SIZE, 1000).with(ENABLE_PUSH, 0))));

        // RFC 7540 §3.2.1: the 101 response acknowledges them; no SETTINGS ACK goes out.
        assertThat(peer.read(server.dataToSend())).containsExactly(DEFAULT_LIMITS);
        assertThat(server.remoteSettings().initialWindowSize()).isEqualTo(1000);
        server.sendHeaders(1, Headers.response(200).build(), false);
        assertThat(server.localFlowControlWindow(1)).isEqualTo(1000);

        // The client's preface follows, with a SETTINGS frame that is acknowledged as usual.
        assertThat(server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings())))
                .containsExactly(new RemoteSettingsChanged(Map.of()));
        assertThat(peer.read(server.dataToSend()))
                .containsExactly(Frames.headers(1).response(200), Frames.settingsAck());
    }

    @ParameterizedTest
    @MethodSource("badSettingsHeaders")
    void badSettingsHeaderIsRefusedAndLeavesTheServerIdle(String header, ErrorCode code) {
        H2Connection server = new H2Connection(H2Configuration.server());

        H2Assertions.assertRefused(server, () -> server.initiateUpgradeConnection(header), H2ProtocolException.class,
                code,
                "RFC 7540 §3.2.1");

        server.initiateConnection();
        assertThat(server.outboundSize()).isPositive();
    }

    static Stream<Arguments> badSettingsHeaders() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return Stream.of(
                Arguments.of("not base64!", PROTOCOL_ERROR),
                // RFC 9113 §6.5: a payload that is not a multiple of 6 octets.
                Arguments.of(base64.encodeToString(new byte[5]), FRAME_SIZE_ERROR),
                Arguments.of(base64.encodeToString(Frames.payload().u16(ENABLE_PUSH.id()).u32(2).done()),
                        PROTOCOL_ERROR));
    }

    @Test
    void upgradeTakesTheRoleItsArgumentsSay() {
        H2Connection server = new H2Connection(H2Configuration.server());
        H2Connection client = new H2Connection(H2Configuration.client());

        H2Assertions.assertRefused(server, server::initiateUpgradeConnection, H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 7540 §3.2");
        H2Assertions.assertRefused(client, () -> client.initiateUpgradeConnection(""), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 7540 §3.2");
    }
}

package dev.h2j;

import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.h2j.frame.ErrorCode.FRAME_SIZE_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static dev.h2j.frame.SettingId.INITIAL_WINDOW_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.ChangedSetting;
import dev.h2j.event.DataReceived;
import dev.h2j.event.PingReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flow control, RFC 9113 §5.2 and §6.9, played against a server: the windows both ways, what
 * {@code sendData} may send, WINDOW_UPDATE and SETTINGS_INITIAL_WINDOW_SIZE from the peer, the manual
 * and the automatic ways of reopening our receive windows, and DATA the application never sees.
 */
class FlowControlTest {

    /** RFC 9113 §6.9.2: the initial window of every stream and of the connection. */
    private static final int WINDOW = 65_535;
    /** RFC 9113 §6.9.1: no window may pass 2^31-1. */
    private static final int MAX_WINDOW = Integer.MAX_VALUE;
    /** What a WINDOW_UPDATE must add to an untouched window to take it one past 2^31-1. */
    private static final int PAST_MAX = MAX_WINDOW - WINDOW + 1;
    private static final List<HeaderField> OK = Headers.response(200).build();

    private Scenario server = Scenario.server();

    private static TestFrame.Headers request(int streamId) {
        return Frames.headers(streamId).request("GET", "https", "example.com", "/");
    }

    /** The 65,535 octets that fill a fresh window, in frames no larger than the default max frame size. */
    private static Wire[] fillWindow(int streamId) {
        return new Wire[] {Frames.dataOfLength(streamId, 16_384), Frames.dataOfLength(streamId, 16_384),
            Frames.dataOfLength(streamId, 16_384), Frames.dataOfLength(streamId, 16_383)};
    }

    private static DataReceived received(int streamId, int length) {
        return new DataReceived(streamId, ByteBuffer.allocate(length), length, Optional.empty());
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<SettingId, ChangedSetting> initialWindowSize(long from, long to) {
        return Map.of(INITIAL_WINDOW_SIZE, new ChangedSetting(INITIAL_WINDOW_SIZE, OptionalLong.of(from), to));
    }

    /** The peer opens {@code streamId} and we answer with headers, so both sides may send DATA. */
    private void openAndRespond(int streamId) {
        server.receive(request(streamId));
        server.conn.sendHeaders(streamId, OK, false);
        assertThat(server.sent()).containsExactly(Frames.headers(streamId).response(200));
    }

    // ---------------------------------------------------------------- sending DATA

    @Test
    void streamZeroNamesTheConnectionWindowAlone() {
        openAndRespond(1);
        server.conn.sendData(1, ByteBuffer.allocate(1_000), false);
        server.receive(Frames.windowUpdate(1, 5_000), Frames.dataOfLength(1, 300));

        assertThat(server.conn.localFlowControlWindow(0)).isEqualTo(WINDOW - 1_000);
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(WINDOW - 1_000);
        assertThat(server.conn.remoteFlowControlWindow(0)).isEqualTo(WINDOW - 300);
    }

    @Test
    void everyWindowStartsAt65535BothWays() {
        server.receive(request(1));

        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(WINDOW);
        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(WINDOW);
    }

    @Test
    void sentDataConsumesTheStreamWindowAndTheSharedConnectionWindow() {
        server.receive(request(1), request(3));
        server.conn.sendHeaders(1, OK, false);
        server.conn.sendData(1, utf8("some data"), false);

        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200), Frames.data(1, "some data"));
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(WINDOW - 9);
        // Stream 3 sent nothing, but the connection window it shares did shrink.
        assertThat(server.conn.localFlowControlWindow(3)).isEqualTo(WINDOW - 9);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 255})
    void paddingAndItsLengthOctetCountTowardTheWindow(int padLength) {
        openAndRespond(1);

        server.conn.sendData(1, utf8("some data"), false, padLength);

        assertThat(server.sent()).containsExactly(Frames.data(1, "some data").padded(padLength));
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(WINDOW - 9 - padLength - 1);
    }

    @Test
    void dataBeyondTheStreamWindowIsRefusedAndChangesNothing() {
        server = Scenario.server(Frames.settings().with(INITIAL_WINDOW_SIZE, 5));
        openAndRespond(1);

        server.refuses(() -> server.conn.sendData(1, utf8("some data"), true),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");
        // 4 octets fit, but not with a pad length octet and one octet of padding.
        server.refuses(() -> server.conn.sendData(1, utf8("some"), true, 1),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");

        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(5);
        // END_STREAM was refused too: the stream is still open for DATA.
        server.conn.sendData(1, utf8("some "), false);
        server.conn.endStream(1);
        assertThat(server.sent()).containsExactly(Frames.data(1, "some "), Frames.data(1, "").endStream());
    }

    @Test
    void theConnectionWindowLimitsEveryStream() {
        openAndRespond(1);
        openAndRespond(3);
        for (int length : new int[] {16_384, 16_384, 16_384, 16_383}) {
            server.conn.sendData(1, ByteBuffer.allocate(length), false);
        }
        assertThat(server.sent()).hasSize(4);

        assertThat(server.conn.localFlowControlWindow(3)).isZero();
        server.refuses(() -> server.conn.sendData(3, utf8("x"), false),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");

        assertThat(server.receive(Frames.windowUpdate(0, 100))).containsExactly(new WindowUpdated(0, 100));
        assertThat(server.sent()).isEmpty();
        assertThat(server.conn.localFlowControlWindow(3)).isEqualTo(100);
        // Stream 1's own window is still empty.
        assertThat(server.conn.localFlowControlWindow(1)).isZero();
        server.conn.sendData(3, ByteBuffer.allocate(100), false);
        assertThat(server.sent()).containsExactly(Frames.dataOfLength(3, 100));
    }

    @Test
    void dataLargerThanThePeersMaxFrameSizeIsRefused() {
        openAndRespond(1);

        server.refuses(() -> server.conn.sendData(1, ByteBuffer.allocate(16_385), false),
                FrameTooLargeException.class, FRAME_SIZE_ERROR, "RFC 9113 §4.2");
        server.refuses(() -> server.conn.sendData(1, ByteBuffer.allocate(16_384), false, 0),
                FrameTooLargeException.class, FRAME_SIZE_ERROR, "RFC 9113 §4.2");

        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(WINDOW);
        server.conn.sendData(1, ByteBuffer.allocate(16_384), false);
        assertThat(server.sent()).containsExactly(Frames.dataOfLength(1, 16_384));
    }

    // ---------------------------------------------------------------- WINDOW_UPDATE from the peer

    @Test
    void windowUpdateOnAStreamOpensItsWindowAndIsReported() {
        server = Scenario.server(Frames.settings().with(INITIAL_WINDOW_SIZE, 5));
        openAndRespond(1);

        assertThat(server.receive(Frames.windowUpdate(1, 66))).containsExactly(new WindowUpdated(1, 66));

        assertThat(server.sent()).isEmpty();
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(71);
    }

    @Test
    void windowUpdatePastTheLimitOnAStreamResetsOnlyThatStream() {
        server.receive(request(1), request(3));

        assertThat(server.receive(Frames.windowUpdate(1, PAST_MAX)))
                .containsExactly(new StreamReset(1, FLOW_CONTROL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, FLOW_CONTROL_ERROR));

        // The connection goes on, and a stream window may reach 2^31-1 exactly.
        assertThat(server.receive(Frames.windowUpdate(3, PAST_MAX - 1), Frames.ping(1)))
                .containsExactly(new WindowUpdated(3, PAST_MAX - 1), new PingReceived(1));
        assertThat(server.sent()).containsExactly(Frames.pingAck(1));
    }

    @Test
    void windowUpdatePastTheLimitOnTheConnectionIsAConnectionError() {
        server.receive(request(1));
        assertThat(server.receive(Frames.windowUpdate(0, PAST_MAX - 1)))
                .containsExactly(new WindowUpdated(0, PAST_MAX - 1));

        H2Exception e = server.failsConnection(FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1",
                Frames.ping(1), Frames.windowUpdate(0, 1));

        assertThat(e.events()).containsExactly(new PingReceived(1));
        assertThat(TestFrame.withoutDebugData(server.sent()))
                .containsExactly(Frames.pingAck(1), Frames.goAway(1, FLOW_CONTROL_ERROR));
    }

    @Test
    void windowUpdateOnAnIdleStreamIsAConnectionError() {
        server.receive(request(1));

        server.failsConnection(H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §5.1", Frames.windowUpdate(3, 1));

        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(1, PROTOCOL_ERROR));
    }

    @Test
    void windowUpdateOfZeroIsAStreamErrorOnAStreamAndAConnectionErrorOnTheConnection() {
        server.receive(request(1));

        assertThat(server.receive(Frames.windowUpdate(1, 0)))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));

        server.failsConnection(H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §6.9", Frames.windowUpdate(0, 0));
        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(1, PROTOCOL_ERROR));
    }

    // ---------------------------------------------------------------- DATA from the peer

    @Test
    void dataReceivedCountsPaddingInItsFlowControlledLength() {
        server.receive(request(1));

        assertThat(server.receive(Frames.data(1, "hello").padded(10)))
                .containsExactly(new DataReceived(1, utf8("hello"), 5 + 10 + 1, Optional.empty()));

        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(WINDOW - 16);
    }

    @Test
    void paddingCountsAgainstOurReceiveWindow() {
        server = Scenario.server(H2Configuration.server().withLimits(Limits.defaults().withInitialWindowSize(100)),
                Frames.settings());
        server.receive(request(1), request(3));

        // 1 octet of data, the pad length octet and 98 octets of padding fill the window of 100 exactly.
        assertThat(server.receive(Frames.data(1, "x").padded(98)))
                .containsExactly(new DataReceived(1, utf8("x"), 100, Optional.empty()));
        assertThat(server.receive(Frames.data(3, "x").padded(99)))
                .containsExactly(new StreamReset(3, FLOW_CONTROL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(3, FLOW_CONTROL_ERROR));
    }

    @Test
    void peerDataBeyondOurStreamWindowIsAStreamError() {
        server.receive(request(1), request(3));
        // The connection window is not the limit here.
        server.conn.incrementFlowControlWindow(100_000);
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 100_000));

        assertThat(server.receive(Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384),
                Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384)))
                .containsExactly(received(1, 16_384), received(1, 16_384), received(1, 16_384),
                        new StreamReset(1, FLOW_CONTROL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, FLOW_CONTROL_ERROR));

        assertThat(server.receive(Frames.data(3, "hi")))
                .containsExactly(new DataReceived(3, utf8("hi"), 2, Optional.empty()));
    }

    @Test
    void peerDataBeyondTheConnectionWindowIsAConnectionError() {
        server.receive(request(1));
        // The stream window is not the limit here.
        server.conn.incrementFlowControlWindow(100, 1);
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(1, 100));

        H2Exception e = server.failsConnection(FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1",
                Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384),
                Frames.dataOfLength(1, 16_384));

        assertThat(e.events()).containsExactly(received(1, 16_384), received(1, 16_384), received(1, 16_384));
        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(1, FLOW_CONTROL_ERROR));
    }

    @Test
    void dataOnAStreamWeResetStillCountsAgainstTheConnectionWindowAndIsGivenBack() {
        server.receive(request(1));
        server.conn.resetStream(1, CANCEL);

        // RFC 9113 §5.1: DATA that crossed our RST_STREAM is discarded quietly ...
        assertThat(server.receive(fillWindow(1))).isEmpty();

        // ... but it used the connection window, which is given back as if the application processed it.
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, CANCEL), Frames.windowUpdate(0, 32_768),
                Frames.windowUpdate(0, 32_767));
        server.receive(request(3));
        assertThat(server.conn.remoteFlowControlWindow(3)).isEqualTo(WINDOW);
    }

    @Test
    void dataOnAClosedStreamIsStreamClosedAndStillCountsAgainstTheConnectionWindow() {
        server.receive(request(1).endStream());
        server.conn.sendHeaders(1, OK, true);
        server.sent();

        assertThat(server.receive(Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384))).isEmpty();

        // RFC 9113 §5.4.2: one RST_STREAM answers the stream; the second DATA is discarded after it.
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, STREAM_CLOSED), Frames.windowUpdate(0, 32_768));
    }

    @Test
    void oversizeDataIsAStreamErrorThatStillCountsAgainstTheConnectionWindow() {
        server.receive(request(1), request(3));

        assertThat(server.receive(Frames.dataOfLength(1, 16_385)))
                .containsExactly(new StreamReset(1, FRAME_SIZE_ERROR, false));

        assertThat(server.sent()).containsExactly(Frames.rstStream(1, FRAME_SIZE_ERROR));
        assertThat(server.conn.remoteFlowControlWindow(3)).isEqualTo(WINDOW - 16_385);
        assertThat(server.receive(Frames.dataOfLength(3, 16_385)))
                .containsExactly(new StreamReset(3, FRAME_SIZE_ERROR, false));
        assertThat(server.sent())
                .containsExactly(Frames.windowUpdate(0, 32_770), Frames.rstStream(3, FRAME_SIZE_ERROR));
    }

    // ---------------------------------------------------------------- SETTINGS_INITIAL_WINDOW_SIZE

    @Test
    void peersInitialWindowSizeMovesTheSendWindowOfOpenStreams() {
        openAndRespond(1);
        server.conn.sendData(1, ByteBuffer.allocate(1000), false);
        server.sent();

        assertThat(server.receive(Frames.settings().with(INITIAL_WINDOW_SIZE, 1280)))
                .containsExactly(new RemoteSettingsChanged(initialWindowSize(WINDOW, 1280)));
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
        // RFC 9113 §6.9.2: the window moves by the difference, 1280 - 65,535, from what is left.
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(280);

        server.receive(Frames.windowUpdate(0, 100_000), Frames.settings().with(INITIAL_WINDOW_SIZE, 128_000));
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(127_000);
        server.receive(request(3));
        assertThat(server.conn.localFlowControlWindow(3)).isEqualTo(128_000);
    }

    @Test
    void peersInitialWindowSizeCanTakeASendWindowBelowZero() {
        openAndRespond(1);
        server.conn.sendData(1, ByteBuffer.allocate(1000), false);
        server.receive(Frames.settings().with(INITIAL_WINDOW_SIZE, 500));
        server.sent();

        // The window is -500; nothing may be sent until WINDOW_UPDATEs bring it above zero.
        assertThat(server.conn.localFlowControlWindow(1)).isZero();
        server.refuses(() -> server.conn.sendData(1, utf8("x"), false),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");
        server.receive(Frames.windowUpdate(1, 600));
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(100);
    }

    @Test
    void emptyDataEndsAStreamWhoseWindowIsBelowZero() {
        openAndRespond(1);
        server.conn.sendData(1, ByteBuffer.allocate(1000), false);
        server.receive(Frames.settings().with(INITIAL_WINDOW_SIZE, 500));
        server.sent();

        // An empty DATA frame is 0 flow-controlled octets, which no window refuses.
        server.conn.endStream(1);

        assertThat(server.sent()).containsExactly(Frames.data(1, "").endStream());
    }

    @Test
    void peersInitialWindowSizeThatTakesAStreamWindowPastTheLimitIsAConnectionError() {
        server.receive(request(1), Frames.windowUpdate(1, PAST_MAX - 1));

        H2Exception e = server.failsConnection(FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.2",
                Frames.settings().with(INITIAL_WINDOW_SIZE, WINDOW + 1));

        assertThat(e.events()).isEmpty();
        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(1, FLOW_CONTROL_ERROR));
    }

    @Test
    void initialWindowSizeLeavesTheConnectionWindowAlone() {
        server.receive(Frames.windowUpdate(0, PAST_MAX - 1));

        assertThat(server.receive(Frames.settings().with(INITIAL_WINDOW_SIZE, WINDOW + 1)))
                .containsExactly(new RemoteSettingsChanged(initialWindowSize(WINDOW, WINDOW + 1)));
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
    }

    @Test
    void initialWindowSizeAboveTwoToTheThirtyOneMinusOneIsAFlowControlError() {
        server.failsConnection(FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.5.2",
                Frames.rawSettings(INITIAL_WINDOW_SIZE.id(), 0x8000_0000L));

        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(0, FLOW_CONTROL_ERROR));
    }

    @Test
    void ourInitialWindowSizeAppliesToReceiveWindowsWhenAcknowledged() {
        server.receive(request(1), Frames.dataOfLength(1, 1000));
        server.conn.updateSettings(List.of(new Setting(INITIAL_WINDOW_SIZE, 1280)));
        assertThat(server.sent()).containsExactly(Frames.settings().with(INITIAL_WINDOW_SIZE, 1280));
        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(WINDOW - 1000);

        assertThat(server.receive(Frames.settingsAck()))
                .containsExactly(new SettingsAcknowledged(initialWindowSize(WINDOW, 1280)));
        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(280);

        server.receive(request(3));
        assertThat(server.conn.remoteFlowControlWindow(3)).isEqualTo(1280);
        assertThat(server.receive(Frames.dataOfLength(3, 1281)))
                .containsExactly(new StreamReset(3, FLOW_CONTROL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(3, FLOW_CONTROL_ERROR));
    }

    @Test
    void configuredInitialWindowSizeHoldsThePeerOnceAcknowledged() {
        server = Scenario.server(H2Configuration.server().withLimits(Limits.defaults().withInitialWindowSize(100)),
                Frames.settings());

        server.receive(request(1));
        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(100);
        assertThat(server.receive(Frames.dataOfLength(1, 100))).containsExactly(received(1, 100));
        assertThat(server.receive(Frames.dataOfLength(1, 1)))
                .containsExactly(new StreamReset(1, FLOW_CONTROL_ERROR, false));
    }

    // ---------------------------------------------------------------- manual flow control

    @Test
    void incrementFlowControlWindowSendsExactlyOneWindowUpdate() {
        server.receive(request(1));

        server.conn.incrementFlowControlWindow(5);
        server.conn.incrementFlowControlWindow(7, 1);

        WireAssertions.assertWire(server.conn.dataToSend(), Frames.windowUpdate(0, 5), Frames.windowUpdate(1, 7));
        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(WINDOW + 5);
    }

    @Test
    void incrementPastTheLimitIsRefusedWithNothingQueued() {
        server.receive(request(1));

        server.refuses(() -> server.conn.incrementFlowControlWindow(PAST_MAX),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");
        server.refuses(() -> server.conn.incrementFlowControlWindow(PAST_MAX, 1),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");

        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(WINDOW);
        server.conn.incrementFlowControlWindow(PAST_MAX - 1, 1);
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(1, PAST_MAX - 1));
    }

    @Test
    void incrementBelowOneIsAnIllegalArgument() {
        server.receive(request(1));

        assertThatThrownBy(() -> server.conn.incrementFlowControlWindow(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 9113 §6.9");
        assertThatThrownBy(() -> server.conn.incrementFlowControlWindow(-15, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.sent()).isEmpty();
    }

    // ---------------------------------------------------------------- automatic flow control

    @Test
    void acknowledgedDataIsCoalescedUntilHalfTheWindowWasProcessed() {
        server.receive(request(1), Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384));

        server.conn.acknowledgeReceivedData(16_384, 1);
        server.conn.acknowledgeReceivedData(0, 1);
        server.conn.acknowledgeReceivedData(16_382, 1);
        assertThat(server.sent()).isEmpty();

        // 32,767 is half of 65,535: one WINDOW_UPDATE for the connection, one for the stream, each the total.
        server.conn.acknowledgeReceivedData(1, 1);
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 32_767), Frames.windowUpdate(1, 32_767));
        assertThat(server.conn.remoteFlowControlWindow(1)).isEqualTo(WINDOW - 1);
    }

    @Test
    void aShutWindowReopensOnceMoreThan1024OctetsWereProcessed() {
        server.receive(request(1));
        server.receive(fillWindow(1));
        assertThat(server.conn.remoteFlowControlWindow(1)).isZero();

        server.conn.acknowledgeReceivedData(1024, 1);
        assertThat(server.sent()).isEmpty();
        server.conn.acknowledgeReceivedData(1, 1);
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 1025), Frames.windowUpdate(1, 1025));
    }

    @Test
    void aShutConnectionWindowReopensWhileOpenStreamWindowsWait() {
        server.receive(request(1), request(3), request(5), request(7));
        server.receive(Frames.dataOfLength(1, 16_383), Frames.dataOfLength(3, 16_384), Frames.dataOfLength(5, 16_384),
                Frames.dataOfLength(7, 16_384));
        assertThat(server.conn.remoteFlowControlWindow(1)).isZero();

        server.conn.acknowledgeReceivedData(2048, 1);

        // Stream 1 still has 49,152 octets of window; only the connection needed reopening.
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 2048));
    }

    @Test
    void creditHeldBackWhileTheConnectionWindowWasOpenGoesOutWhenDataShutsIt() {
        server.receive(request(1), request(3), request(5), request(7));
        server.receive(Frames.dataOfLength(1, 16_384));
        server.conn.acknowledgeReceivedData(16_384, 1);
        assertThat(server.sent()).isEmpty();

        // Streams nobody reads shut the connection window while that credit is still held back.
        server.receive(Frames.dataOfLength(3, 16_384), Frames.dataOfLength(5, 16_384), Frames.dataOfLength(7, 16_383));

        // Waiting for another acknowledgement could wait forever: the credit goes out now.
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 16_384));
        assertThat(server.conn.remoteFlowControlWindow(0)).isEqualTo(16_384);
    }

    @Test
    void automaticUpdatesAccountForManualOnes() {
        server.receive(request(1));
        server.receive(fillWindow(1));
        server.conn.incrementFlowControlWindow(WINDOW);
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, WINDOW));

        server.conn.acknowledgeReceivedData(2048, 1);

        // The connection window is fully open again; only the stream's needs an update.
        assertThat(server.sent()).containsExactly(Frames.windowUpdate(1, 2048));
    }

    @Test
    void acknowledgingDataOfAClosedStreamOpensOnlyTheConnectionWindow() {
        server.receive(request(1));
        server.receive(fillWindow(1));
        assertThat(server.receive(Frames.rstStream(1, CANCEL))).containsExactly(new StreamReset(1, CANCEL, true));

        server.conn.acknowledgeReceivedData(2048, 1);

        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 2048));
    }

    @Test
    void acknowledgingDataOfAStreamThePeerEndedOpensOnlyTheConnectionWindow() {
        assertThat(server.receive(request(1), Frames.dataOfLength(1, 16_384),
                Frames.dataOfLength(1, 16_384).endStream())).endsWith(
                        new DataReceived(1, ByteBuffer.allocate(16_384), 16_384, Optional.of(new StreamEnded(1))),
                        new StreamEnded(1));

        server.conn.acknowledgeReceivedData(32_768, 1);

        assertThat(server.sent()).containsExactly(Frames.windowUpdate(0, 32_768));
    }

    @Test
    void acknowledgingDataOfAStreamThatNeverOpenedIsRefused() {
        server.receive(request(1), Frames.dataOfLength(1, 16_384), Frames.dataOfLength(1, 16_384));

        // h2 raises NoSuchStreamError: no DATA can have arrived on an idle stream to be acknowledged.
        server.refuses(() -> server.conn.acknowledgeReceivedData(32_768, 3), NoSuchStreamException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1");
        assertThatThrownBy(() -> server.conn.acknowledgeReceivedData(32_768, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.sent()).isEmpty();

        // Nothing was counted: the real acknowledgement still reaches the threshold only on its own.
        server.conn.acknowledgeReceivedData(32_766, 1);
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void acknowledgingANegativeSizeIsAnIllegalArgument() {
        server.receive(request(1));

        assertThatThrownBy(() -> server.conn.acknowledgeReceivedData(-1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

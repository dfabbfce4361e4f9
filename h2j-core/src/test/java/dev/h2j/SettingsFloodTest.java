package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.PingReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.SettingId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Settings flood (CVE-2019-9515, SECURITY.md #5): SETTINGS frames, or SETTINGS with many entries, each
 * to apply and acknowledge. {@link Limits#maxSettingsEntries()} caps the entries of one frame and
 * {@link Limits#maxSettingsRate()} the frames; past either, the connection error ENHANCE_YOUR_CALM comes
 * before the frame is applied or acknowledged.
 */
class SettingsFloodTest {

    /** A SETTINGS frame of {@code entries} INITIAL_WINDOW_SIZE entries, the costliest setting to apply. */
    private static Wire settingsOf(int entries) {
        long[] idsAndValues = new long[2 * entries];
        for (int i = 0; i < entries; i++) {
            idsAndValues[2 * i] = SettingId.INITIAL_WINDOW_SIZE.id();
            idsAndValues[2 * i + 1] = 1_000 + i;
        }
        return Frames.rawSettings(idsAndValues);
    }

    @Test
    void settingsWithMoreThanMaxSettingsEntriesIsEnhanceYourCalmAndNothingIsApplied() {
        Scenario server = Scenario.server();

        H2Exception e = server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxSettingsEntries", Frames.ping(1), settingsOf(33));

        assertThat(e.events()).containsExactly(new PingReceived(1));
        assertThat(TestFrame.withoutDebugData(server.sent()))
                .as("no SETTINGS ACK").containsExactly(Frames.pingAck(1), Frames.goAway(0, ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(server.conn.remoteSettings().initialWindowSize()).isEqualTo(65_535);
    }

    @Test
    void settingsWithMaxSettingsEntriesIsApplied() {
        Scenario server = Scenario.server();
        assertThat(server.receive(settingsOf(32))).singleElement().isInstanceOf(RemoteSettingsChanged.class);
        assertThat(server.conn.remoteSettings().initialWindowSize()).isEqualTo(1_031);
        assertThat(server.sent()).containsExactly(Frames.settingsAck());
    }

    @Test
    void theCapAppliesToTheClientPrefaceSettingsToo() {
        H2Connection server = new H2Connection(H2Configuration.server()
                .withLimits(Limits.defaults().withMaxSettingsEntries(1)));
        server.initiateConnection();
        H2Assertions.assertConnectionError(() -> server.receiveData(Frames.concat(Frames.clientPreface(),
                settingsOf(2))), DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxSettingsEntries");
    }

    @Test
    void anUpgradeHeaderWithTooManySettingsIsRefused() {
        H2Connection server = new H2Connection(H2Configuration.server());
        ByteBuffer payload = ByteBuffer.allocate(33 * 6);
        for (int i = 0; i < 33; i++) {
            payload.putShort((short) SettingId.MAX_CONCURRENT_STREAMS.id()).putInt(i);
        }
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
        H2Assertions.assertRefused(() -> server.initiateUpgradeConnection(header), DenialOfServiceException.class,
                ErrorCode.ENHANCE_YOUR_CALM, "Limits.maxSettingsEntries");
        assertThat(server.outboundSize()).as("nothing was initiated").isZero();
    }

    @Test
    void settingsFramesPastMaxSettingsRateAreEnhanceYourCalm() {
        ManualClock clock = new ManualClock();
        Scenario server = Floods.server(Limits.defaults().withMaxSettingsRate(new RateLimit(5, Duration.ofSeconds(1))),
                clock);
        clock.advance(Duration.ofSeconds(1));

        Floods.Calmed calmed = Floods.calms(server, "maxSettingsRate", Floods.repeat(6,
                i -> Frames.settings().with(SettingId.MAX_CONCURRENT_STREAMS, i)));

        assertThat(calmed.exception().events()).hasSize(5).allMatch(e -> e instanceof RemoteSettingsChanged);
        assertThat(calmed.sent()).hasSize(6).startsWith(Frames.settingsAck());
        assertThat(server.conn.remoteSettings().maxConcurrentStreams()).as("the sixth was not applied").isEqualTo(4);
    }

    @Test
    void settingsAcksAreNotCounted() {
        ManualClock clock = new ManualClock();
        Scenario server = Floods.server(Limits.defaults().withMaxSettingsRate(new RateLimit(1, Duration.ofSeconds(1))),
                clock);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.receive(Floods.repeat(50, i -> Frames.settingsAck()))).isEmpty();
        assertThat(server.receive(Frames.settings())).hasSize(1);
    }

    @Test
    void settingsAcksThePeerNeverReadsAreBoundedByMaxQueuedControlFrames() {
        ManualClock clock = new ManualClock();
        Scenario server = Floods.server(Limits.defaults().withMaxQueuedControlFrames(10), clock);
        clock.advance(Duration.ofSeconds(30));
        H2Exception e = server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "RFC 9113 §10.5", Floods.repeat(11, i -> Frames.settings()));
        assertThat(e.events()).hasSize(10);
        assertThat(TestFrame.withoutDebugData(server.sent())).as("ten ACKs and GOAWAY").hasSize(11)
                .endsWith(Frames.settingsAck(), Frames.goAway(0, ErrorCode.ENHANCE_YOUR_CALM));
    }
}

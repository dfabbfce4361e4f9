package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** H2Configuration, Limits and Settings: safe defaults, immutable copies, bounds named by their rule. */
class ConfigurationTest {

    @Test
    void clientAndServerDefaultsValidateEverythingAndRefusePush() {
        for (H2Configuration c : List.of(H2Configuration.client(), H2Configuration.server())) {
            assertThat(c.validateInboundHeaders()).isTrue();
            assertThat(c.normalizeInboundHeaders()).isTrue();
            assertThat(c.validateOutboundHeaders()).isTrue();
            assertThat(c.normalizeOutboundHeaders()).isTrue();
            assertThat(c.splitOutboundCookies()).isFalse();
            assertThat(c.enablePush()).isFalse();
            assertThat(c.enableConnectProtocol()).isFalse();
            assertThat(c.limits()).isSameAs(Limits.defaults());
            assertThat(c.logger().getName()).isEqualTo("dev.h2j");
            assertThat(c.clock()).as("frame time").isEmpty();
        }
        assertThat(H2Configuration.client().clientSide()).isTrue();
        assertThat(H2Configuration.server().clientSide()).isFalse();
    }

    @Test
    void eachWitherChangesOneOptionAndLeavesTheOriginal() {
        H2Configuration base = H2Configuration.server();
        System.Logger logger = System.getLogger("test");
        Limits limits = Limits.defaults().withMaxConcurrentStreams(7);
        assertThat(base.withValidateInboundHeaders(false).validateInboundHeaders()).isFalse();
        assertThat(base.withNormalizeInboundHeaders(false).normalizeInboundHeaders()).isFalse();
        assertThat(base.withValidateOutboundHeaders(false).validateOutboundHeaders()).isFalse();
        assertThat(base.withNormalizeOutboundHeaders(false).normalizeOutboundHeaders()).isFalse();
        assertThat(base.withSplitOutboundCookies(true).splitOutboundCookies()).isTrue();
        assertThat(base.withEnablePush(true).enablePush()).isTrue();
        assertThat(base.withEnableConnectProtocol(true).enableConnectProtocol()).isTrue();
        assertThat(base.withLimits(limits).limits()).isSameAs(limits);
        assertThat(base.withLogger(logger).logger()).isSameAs(logger);
        H2Configuration changed = base.withSplitOutboundCookies(true).withEnableConnectProtocol(true);
        assertThat(changed.clientSide()).isFalse();
        assertThat(changed.validateInboundHeaders()).isTrue();
        assertThat(base.splitOutboundCookies()).isFalse();
        assertThatThrownBy(() -> base.withLimits(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> base.withLogger(null)).isInstanceOf(NullPointerException.class);
        LongSupplier clock = () -> 42;
        assertThat(base.withClock(clock).clock()).containsSame(clock);
        assertThat(base.withClock(clock).withLogger(logger).clock()).containsSame(clock);
        assertThatThrownBy(() -> base.withClock(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void limitsDefaultsAreSafeAndFinite() {
        Limits d = Limits.defaults();
        assertThat(d.maxConcurrentStreams()).isEqualTo(100);
        assertThat(d.maxHeaderListSize()).isEqualTo(65_536);
        assertThat(d.maxFrameSize()).isEqualTo(16_384);
        assertThat(d.headerTableSize()).isEqualTo(4_096);
        assertThat(d.initialWindowSize()).isEqualTo(65_535);
        assertThat(d.recentlyResetStreams()).isEqualTo(64);
        assertThat(d.outboundBufferSize()).isEqualTo(1_048_576);
        assertThat(d.maxQueuedControlFrames()).isEqualTo(1_000);
        assertThat(d.maxHeaderBlockSize()).isEqualTo(131_072);
        assertThat(d.maxContinuationFrames()).isEqualTo(8);
        assertThat(d.maxSettingsEntries()).isEqualTo(32);
        assertThat(d.maxHeaderFields()).isEqualTo(200);
        assertThat(d.maxReservedStreams()).isEqualTo(100);
        assertThat(d.maxPingRate()).isEqualTo(new RateLimit(1_000, Duration.ofSeconds(30)));
        assertThat(d.maxSettingsRate()).isEqualTo(new RateLimit(100, Duration.ofSeconds(30)));
        assertThat(d.maxPriorityRate()).isEqualTo(new RateLimit(1_000, Duration.ofSeconds(30)));
        assertThat(d.maxEmptyFrameRate()).isEqualTo(new RateLimit(100, Duration.ofSeconds(30)));
        assertThat(d.maxReceivedResetRate()).isEqualTo(new RateLimit(1_000, Duration.ofSeconds(30)));
        assertThat(d.maxProvokedResetRate()).isEqualTo(new RateLimit(200, Duration.ofSeconds(30)));
        assertThat(d.maxWindowUpdateRate()).isEqualTo(new RateLimit(1_000, Duration.ofSeconds(30)));
        assertThat(d.maxUnknownFrameRate()).isEqualTo(new RateLimit(1_000, Duration.ofSeconds(30)));
        assertThat(d.toString()).contains("maxConcurrentStreams=100", "maxQueuedControlFrames=1000");
    }

    @Test
    void limitWithersKeepTheOtherLimits() {
        Limits l = Limits.defaults().withMaxConcurrentStreams(1).withMaxHeaderListSize(2).withMaxFrameSize(16_385)
                .withHeaderTableSize(3).withInitialWindowSize(4).withRecentlyResetStreams(5).withOutboundBufferSize(6)
                .withMaxQueuedControlFrames(7);
        assertThat(List.of(l.maxConcurrentStreams(), l.maxHeaderListSize(), l.maxFrameSize(), l.headerTableSize(),
                l.initialWindowSize(), l.recentlyResetStreams(), l.outboundBufferSize(), l.maxQueuedControlFrames()))
                .containsExactly(1, 2, 16_385, 3, 4, 5, 6, 7);
        assertThat(l.withMaxHeaderBlockSize(8).maxHeaderBlockSize()).isEqualTo(8);
        assertThat(l.withMaxContinuationFrames(9).maxContinuationFrames()).isEqualTo(9);
        assertThat(l.withMaxSettingsEntries(10).maxSettingsEntries()).isEqualTo(10);
        assertThat(l.withMaxHeaderFields(11).maxHeaderFields()).isEqualTo(11);
        assertThat(l.withMaxReservedStreams(12).maxReservedStreams()).isEqualTo(12);
        RateLimit rate = new RateLimit(3, Duration.ofMillis(5));
        assertThat(l.withMaxPingRate(rate).maxPingRate()).isSameAs(rate);
        assertThat(l.withMaxSettingsRate(rate).maxSettingsRate()).isSameAs(rate);
        assertThat(l.withMaxPriorityRate(rate).maxPriorityRate()).isSameAs(rate);
        assertThat(l.withMaxEmptyFrameRate(rate).maxEmptyFrameRate()).isSameAs(rate);
        assertThat(l.withMaxReceivedResetRate(rate).maxReceivedResetRate()).isSameAs(rate);
        assertThat(l.withMaxProvokedResetRate(rate).maxProvokedResetRate()).isSameAs(rate);
        assertThat(l.withMaxWindowUpdateRate(rate).maxWindowUpdateRate()).isSameAs(rate);
        assertThat(l.withMaxUnknownFrameRate(rate).maxUnknownFrameRate()).isSameAs(rate);
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        Limits d = Limits.defaults();
        assertThatThrownBy(() -> d.withMaxFrameSize(16_383)).hasMessageContaining("RFC 9113 §6.5.2");
        assertThatThrownBy(() -> d.withMaxFrameSize(16_777_216)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxConcurrentStreams(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxHeaderListSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withHeaderTableSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withInitialWindowSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRecentlyResetStreams(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withOutboundBufferSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxQueuedControlFrames(0)).hasMessageContaining("maxQueuedControlFrames");
        assertThatThrownBy(() -> d.withMaxHeaderBlockSize(-1)).hasMessageContaining("maxHeaderBlockSize");
        assertThatThrownBy(() -> d.withMaxContinuationFrames(-1)).hasMessageContaining("maxContinuationFrames");
        assertThatThrownBy(() -> d.withMaxSettingsEntries(0)).hasMessageContaining("maxSettingsEntries");
        assertThatThrownBy(() -> d.withMaxHeaderFields(0)).hasMessageContaining("maxHeaderFields");
        assertThatThrownBy(() -> d.withMaxReservedStreams(-1)).hasMessageContaining("maxReservedStreams");
        assertThatThrownBy(() -> d.withMaxPingRate(null)).hasMessageContaining("maxPingRate");
        assertThatThrownBy(() -> d.withMaxSettingsRate(null)).hasMessageContaining("maxSettingsRate");
        assertThatThrownBy(() -> d.withMaxPriorityRate(null)).hasMessageContaining("maxPriorityRate");
        assertThatThrownBy(() -> d.withMaxEmptyFrameRate(null)).hasMessageContaining("maxEmptyFrameRate");
        assertThatThrownBy(() -> d.withMaxReceivedResetRate(null)).hasMessageContaining("maxReceivedResetRate");
        assertThatThrownBy(() -> d.withMaxProvokedResetRate(null)).hasMessageContaining("maxProvokedResetRate");
        assertThatThrownBy(() -> d.withMaxWindowUpdateRate(null)).hasMessageContaining("maxWindowUpdateRate");
        assertThatThrownBy(() -> d.withMaxUnknownFrameRate(null)).hasMessageContaining("maxUnknownFrameRate");
    }

    @Test
    void rateLimitsAreBoundedAndReadable() {
        assertThat(new RateLimit(200, Duration.ofSeconds(30))).hasToString("200 per 30 s");
        assertThat(new RateLimit(1, Duration.ofMillis(1500))).hasToString("1 per 1500 ms");
        assertThat(new RateLimit(1_000_000, RateLimit.MIN_WINDOW).events()).isEqualTo(1_000_000);
        assertThatThrownBy(() -> new RateLimit(0, Duration.ofSeconds(1))).hasMessageContaining("events 0");
        assertThatThrownBy(() -> new RateLimit(1_000_001, RateLimit.MIN_WINDOW)).hasMessageContaining("events");
        assertThatThrownBy(() -> new RateLimit(1, Duration.ofNanos(999_999))).hasMessageContaining("window");
        assertThatThrownBy(() -> new RateLimit(1, Duration.ofDays(2))).hasMessageContaining("window");
        assertThatThrownBy(() -> new RateLimit(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void settingsStartAtTheirRfcInitialValues() {
        Settings s = Settings.initial();
        assertThat(s.headerTableSize()).isEqualTo(4096);
        assertThat(s.enablePush()).isTrue();
        assertThat(s.initialWindowSize()).isEqualTo(65_535);
        assertThat(s.maxFrameSize()).isEqualTo(16_384);
        assertThat(s.enableConnectProtocol()).isFalse();
        assertThat(s.maxConcurrentStreams()).as("no initial value: unlimited").isEqualTo(0xffffffffL);
        assertThat(s.maxHeaderListSize()).isEqualTo(0xffffffffL);
        assertThat(s.get(SettingId.MAX_CONCURRENT_STREAMS)).isEmpty();
    }

    @Test
    void settingsApplyChangesInOrderAndCompareByValue() {
        Settings s = Settings.initial().with(List.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 10),
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 20), new Setting(SettingId.of(0x77), 5)));
        assertThat(s.maxConcurrentStreams()).isEqualTo(20);
        assertThat(s.get(SettingId.of(0x77))).isEqualTo(OptionalLong.of(5));
        assertThat(s.asMap()).containsEntry(SettingId.MAX_CONCURRENT_STREAMS, 20L);
        assertThat(Settings.initial()).isNotEqualTo(s).isEqualTo(Settings.initial().with(List.of()));
        assertThat(s.hashCode()).isEqualTo(Settings.initial().with(List.of(
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 20), new Setting(SettingId.of(0x77), 5))).hashCode());
        assertThat(s.toString()).startsWith("Settings{");
        assertThatThrownBy(() -> s.asMap().put(SettingId.ENABLE_PUSH, 0L))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

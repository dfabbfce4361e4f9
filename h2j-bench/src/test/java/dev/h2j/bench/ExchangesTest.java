package dev.h2j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Keeps the exchange and bulk benchmarks honest: both sides of each pair complete every response. */
@Timeout(60)
class ExchangesTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2j", "h2j-copy", "netty"})
    void hundredRequestsInFlight_allComplete_repeatedly(String impl) {
        try (Exchange pair = Exchanges.named(impl, 65_535, new byte[ExchangeBenchmark.BODY])) {
            for (int round = 0; round < 5; round++) {
                assertThat(pair.exchange(ExchangeBenchmark.IN_FLIGHT))
                        .isEqualTo((long) ExchangeBenchmark.IN_FLIGHT * ExchangeBenchmark.BODY);
            }
        }
    }

    /** 4 MiB rather than 64 keeps the build quick; 64 windows' worth at 65,535 still needs WINDOW_UPDATEs. */
    @ParameterizedTest
    @CsvSource({"h2j, 65535", "h2j, 1048576", "h2j-copy, 65535", "h2j-copy, 1048576", "netty, 65535", "netty, 1048576"})
    void bulkBody_arrivesWhole_throughBothWindows(String impl, int window) {
        byte[] body = new byte[4 << 20];
        try (Exchange pair = Exchanges.named(impl, window, body)) {
            assertThat(pair.exchange(1)).isEqualTo(body.length);
            assertThat(pair.exchange(1)).isEqualTo(body.length);
        }
    }

    @Test
    void unknownPair_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exchanges.named("grpc", 65_535, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

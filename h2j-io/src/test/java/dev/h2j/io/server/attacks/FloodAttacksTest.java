package dev.h2j.io.server.attacks;

import static dev.h2j.io.server.attacks.Attacker.concat;
import static dev.h2j.io.server.attacks.Attacker.frame;
import static dev.h2j.io.server.attacks.Attacker.getBlock;
import static dev.h2j.io.server.attacks.Attacker.headersFrame;
import static dev.h2j.io.server.attacks.Attacker.literal;
import static dev.h2j.io.server.attacks.Attacker.repeat;
import static dev.h2j.io.server.attacks.Attacker.windowUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Floods of frames that each cost the server a little (SECURITY.md #2 to #5, #8, #11, #13, #26), each sent
 * over loopback by a raw-socket attacker in one burst of a few thousand frames: the server answers with
 * GOAWAY ENHANCE_YOUR_CALM naming the limit and closes, while the bystander on the same event loop keeps
 * being served. The bursts are larger than what a limit lets through whether the server's connections
 * run on frame time or on a real clock.
 */
@Timeout(60)
class FloodAttacksTest {
    Target target;

    @BeforeEach
    void start() throws Exception {
        target = Target.start();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    /** GOAWAY ENHANCE_YOUR_CALM naming {@code limit}, then the connection closes. */
    static void assertCalmed(Attacker attacker, String limit) {
        Attacker.Seen goAway = attacker.awaitGoAway(ErrorCode.ENHANCE_YOUR_CALM);
        assertThat(goAway.text()).contains("Limits." + limit);
        attacker.awaitClosed();
    }

    @Test
    void pingBurstIsCalmed() throws Exception {
        // CVE-2019-9512. One read of the server takes thousands of these PINGs: their ACKs pass
        // maxQueuedControlFrames before the server can write them, or maxPingRate, whichever counts first.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(5_000, attacker::ping));
            Attacker.Seen goAway = attacker.awaitGoAway(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(goAway.text()).containsAnyOf("Limits.maxQueuedControlFrames", "Limits.maxPingRate");
            attacker.awaitClosed();
            // No ACK for the PING that passed the limit, or any after it.
            assertThat(attacker.seen(FrameType.PING, 0)).hasSizeLessThan(5_000);
        }
        target.assertRecovered();
    }

    @Test
    void pingFloodPacedToItsAcksIsCalmed() throws Exception {
        // The same flood in batches of 500, each sent once the previous one's ACKs arrived: the output never
        // backs up, and the rate limit ends it.
        try (Attacker attacker = target.attacker().preface()) {
            int sent = 0;
            while (sent < 20_000) {
                attacker.send(repeat(500, i -> attacker.ping(i)));
                sent += 500;
                if (!attacker.awaitCountOrGoAway(FrameType.PING, sent)) {
                    break;
                }
            }
            assertCalmed(attacker, "maxPingRate");
            assertThat(attacker.seen(FrameType.PING, 0)).hasSizeLessThan(sent);
        }
        target.assertRecovered();
    }

    @Test
    void settingsFloodIsCalmed() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(2_000, i -> attacker.settings()));
            assertCalmed(attacker, "maxSettingsRate");
        }
        target.assertRecovered();
    }

    @Test
    void settingsFrameWithTooManyEntriesIsCalmed() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            // 33 entries (ENABLE_PUSH 0, repeated): one more than Limits.maxSettingsEntries.
            ByteBuffer entries = ByteBuffer.allocate(33 * 6);
            for (int i = 0; i < 33; i++) {
                entries.putShort((short) 0x2).putInt(0);
            }
            attacker.send(frame(FrameType.SETTINGS.code(), 0, 0, entries.array()));
            assertCalmed(attacker, "maxSettingsEntries");
        }
        target.assertRecovered();
    }

    @Test
    void priorityChurnOnIdleStreamsIsCalmed() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(5_000, i -> Attacker.priority(2 * i + 1, 0, 16)));
            assertCalmed(attacker, "maxPriorityRate");
        }
        target.assertRecovered();
    }

    @Test
    void emptyDataFloodIsCalmed() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false));
            attacker.send(repeat(5_000, i -> attacker.data(1, new byte[0], false)));
            assertCalmed(attacker, "maxEmptyFrameRate");
        }
        target.assertRecovered();
    }

    @Test
    void unknownFrameFloodIsCalmed() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(5_000, i -> frame(0x77, 0, 0, new byte[8])));
            assertCalmed(attacker, "maxUnknownFrameRate");
        }
        target.assertRecovered();
    }

    @Test
    void windowUpdatesNoDataEarnedAreCalmed() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(5_000, i -> windowUpdate(0, 1)));
            assertCalmed(attacker, "maxWindowUpdateRate");
        }
        target.assertRecovered();
    }

    @Test
    void rapidResetIsCalmed() throws Exception {
        // CVE-2023-44487: HEADERS then RST_STREAM at once, over and over; concurrency never trips.
        int pairs = 5_000;
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(pairs, i -> concat(attacker.headers(2 * i + 1, Attacker.get("/rapid"), true),
                    attacker.rstStream(2 * i + 1, ErrorCode.CANCEL))));
            assertCalmed(attacker, "maxReceivedResetRate");
        }
        // The application saw fewer requests than were sent, and every one it saw is finished.
        assertThat(target.handled.get()).isLessThan(pairs);
        target.assertRecovered();
    }

    @Test
    void madeYouResetIsCalmed() throws Exception {
        // CVE-2025-8671: valid requests, each followed by a frame that is only a stream error (a WINDOW_UPDATE
        // of 0, RFC 9113 §6.9), so the server resets while the application works on.
        int requests = 1_000;
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(requests, i -> concat(attacker.headers(2 * i + 1, Attacker.get("/hold"), false),
                    windowUpdate(2 * i + 1, 0))));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertCalmed(attacker, "maxProvokedResetRate");
            assertThat(attacker.seen(FrameType.RST_STREAM, 0)).hasSizeLessThan(requests)
                    .allSatisfy(s -> assertThat(s.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR));
        }
        assertThat(target.handled.get()).isLessThan(requests);
        target.assertRecovered();
    }

    @Test
    void resetFloodOfInvalidRequestsIsCalmed() throws Exception {
        // CVE-2019-9514: requests that each force a RST_STREAM (an uppercase field name, RFC 9113 §8.2.1).
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(repeat(1_000, i -> headersFrame(2 * i + 1,
                    concat(getBlock("/smuggled"), literal("X-Upper", "1")), true, true)));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertCalmed(attacker, "maxProvokedResetRate");
        }
        assertThat(target.smuggled.get()).as("malformed requests the handler saw").isZero();
        target.assertRecovered();
    }
}

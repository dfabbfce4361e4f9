package dev.h2j.io.server.attacks;

import static dev.h2j.io.server.attacks.Attacker.concat;
import static dev.h2j.io.server.attacks.Attacker.frame;
import static dev.h2j.io.server.attacks.Attacker.getBlock;
import static dev.h2j.io.server.attacks.Attacker.headersFrame;
import static dev.h2j.io.server.attacks.Attacker.repeat;
import static dev.h2j.io.server.attacks.Attacker.windowUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks on streams, windows and frame sizes (SECURITY.md #18, #19, #23 to #26) over loopback: each gets the
 * RFC 9113 error its rule names, keeps O(1) state where ids are skipped, and leaves the bystander on the
 * same event loop served.
 */
@Timeout(60)
class StreamAttacksTest {
    static final int MAX_STREAM_ID = Integer.MAX_VALUE;

    Target target;

    @BeforeEach
    void start() throws Exception {
        target = Target.start();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    @Test
    void evenStreamIdFromAClientIsConnectionError() throws Exception {
        // #18, RFC 9113 §5.1.1: client streams are odd.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(2, getBlock("/smuggled"), true, true));
            attacker.awaitGoAway(ErrorCode.PROTOCOL_ERROR);
            attacker.awaitClosed();
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void lowerStreamIdIsAFrameOnAClosedStreamAndCountsAsProvokedReset() throws Exception {
        // #18, RFC 9113 §5.1.1: opening 5 closed 1 and 3. The server keeps only the highest id (O(1) state), so
        // it cannot tell a skipped id from one used and forgotten: HEADERS on 3 is a frame on a closed stream,
        // a stream error STREAM_CLOSED (§5.1), and a flood of them on distinct ids passes maxProvokedResetRate
        // (repeats on one id are dropped as frames that crossed our RST_STREAM).
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(5, Attacker.get("/five"), true));
            assertThat(attacker.awaitStatus(5)).isEqualTo(200);
            attacker.send(headersFrame(3, getBlock("/smuggled"), true, true));
            assertThat(attacker.awaitReset(3)).isEqualTo(ErrorCode.STREAM_CLOSED);
            attacker.send(attacker.headers(4_001, Attacker.get("/high"), true));
            assertThat(attacker.awaitStatus(4_001)).isEqualTo(200);
            attacker.send(repeat(1_000, i -> headersFrame(7 + 2 * i, getBlock("/smuggled"), true, true)));
            FloodAttacksTest.assertCalmed(attacker, "maxProvokedResetRate");
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void highestStreamIdFirstCostsNothingAndEndsTheIds() throws Exception {
        // #18: 2^30 skipped ids close implicitly and hold no state; after 2^31-1 no stream can open.
        long allocatedBefore = Target.loopAllocated();
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(MAX_STREAM_ID, Attacker.get("/last"), true));
            assertThat(attacker.awaitStatus(MAX_STREAM_ID)).isEqualTo(200);
            assertThat(Target.loopAllocated() - allocatedBefore).isLessThan(4L << 20);
            attacker.send(headersFrame(1, getBlock("/smuggled"), true, true));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.STREAM_CLOSED);
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void streamsPastMaxConcurrentStreamsAreRefusedEvenBeforeOurSettingsAreAcked() throws Exception {
        // #19, RFC 9113 §5.1.2: 150 requests that never end their bodies, sent with the preface before the
        // server's SETTINGS (MAX_CONCURRENT_STREAMS 100) was even read.
        try (Attacker attacker = target.attacker()) {
            attacker.send(attacker.prefaceOctets(),
                    repeat(150, i -> attacker.headers(2 * i + 1, Attacker.get("/hold"), false)));
            for (int i = 100; i < 150; i++) {
                assertThat(attacker.awaitReset(2 * i + 1)).isEqualTo(ErrorCode.REFUSED_STREAM);
            }
            assertThat(attacker.seen(FrameType.RST_STREAM, 0)).hasSize(50);
            assertThat(target.handled.get()).as("requests the application holds").isEqualTo(100);
            // While the attacker holds every stream it may have, the bystander is served as before.
            target.bystander.awaitServed(5, Duration.ofSeconds(10));
            // Ending the bodies frees the streams: each is answered.
            attacker.send(repeat(100, i -> attacker.data(2 * i + 1, new byte[0], true)));
            for (int i = 0; i < 100; i++) {
                assertThat(attacker.awaitStatus(2 * i + 1)).isEqualTo(200);
            }
        }
        target.assertRecovered();
    }

    @Test
    void dataBeyondTheConnectionWindowIsFlowControlError() throws Exception {
        // #23, RFC 9113 §6.9.1: two streams of 40,000 octets each fit their stream windows (65,535) but not
        // the connection's (65,535); the application releases nothing.
        byte[] chunk = new byte[10_000];
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false),
                    attacker.headers(3, Attacker.get("/hold"), false));
            attacker.send(repeat(4, i -> concat(attacker.data(1, chunk, false), attacker.data(3, chunk, false))));
            attacker.awaitGoAway(ErrorCode.FLOW_CONTROL_ERROR);
            attacker.awaitClosed();
        }
        target.assertRecovered();
    }

    @Test
    void windowUpdateOverflowingAStreamWindowResetsTheStream() throws Exception {
        // #23, RFC 9113 §6.9.1: a stream window above 2^31-1 is a stream error FLOW_CONTROL_ERROR.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false), windowUpdate(1, Integer.MAX_VALUE));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
        }
        target.assertRecovered();
    }

    @Test
    void windowUpdateOverflowingTheConnectionWindowIsConnectionError() throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(windowUpdate(0, Integer.MAX_VALUE));
            attacker.awaitGoAway(ErrorCode.FLOW_CONTROL_ERROR);
            attacker.awaitClosed();
        }
        target.assertRecovered();
    }

    @Test
    void windowUpdateOfZeroOnTheConnectionIsConnectionError() throws Exception {
        // RFC 9113 §6.9: an increment of 0 is PROTOCOL_ERROR, on stream 0 a connection error.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(windowUpdate(0, 0));
            attacker.awaitGoAway(ErrorCode.PROTOCOL_ERROR);
            attacker.awaitClosed();
        }
        target.assertRecovered();
    }

    @Test
    void streamDependingOnItselfIsReset() throws Exception {
        // #24, RFC 7540 §5.3.1: a stream cannot depend on itself, by PRIORITY or by HEADERS.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false), Attacker.priority(1, 1, 16));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            byte[] selfDependent = concat(ByteBuffer.allocate(5).putInt(3).put((byte) 15).array(),
                    getBlock("/smuggled"));
            attacker.send(frame(FrameType.HEADERS.code(), 0x1 | 0x4 | 0x20, 3, selfDependent));
            assertThat(attacker.awaitReset(3)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            attacker.send(attacker.headers(5, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(5)).isEqualTo(200);
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void priorityFrameOfTheWrongLengthResetsItsStream() throws Exception {
        // #24, RFC 9113 §6.3: PRIORITY is 5 octets, else a stream error FRAME_SIZE_ERROR.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false),
                    frame(FrameType.PRIORITY.code(), 0, 1, new byte[4]));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
        }
        target.assertRecovered();
    }

    @Test
    void pushPromiseFromAClientIsConnectionError() throws Exception {
        // #25, RFC 9113 §8.4: a client cannot push.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false));
            byte[] promise = concat(ByteBuffer.allocate(4).putInt(2).array(), getBlock("/smuggled"));
            attacker.send(frame(FrameType.PUSH_PROMISE.code(), 0x4, 1, promise));
            attacker.awaitGoAway(ErrorCode.PROTOCOL_ERROR);
            attacker.awaitClosed();
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void oversizedFrameIsRejectedFromItsHeaderAlone() throws Exception {
        // #26, RFC 9113 §4.2: a SETTINGS frame claiming 16 MiB; the server answers without waiting for a
        // payload that never comes.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(frame((1 << 24) - 1, FrameType.SETTINGS.code(), 0, 0, new byte[0]));
            attacker.awaitGoAway(ErrorCode.FRAME_SIZE_ERROR);
            attacker.awaitClosed();
        }
        target.assertRecovered();
    }

    @Test
    void dataFrameOverMaxFrameSizeResetsItsStreamAndIsSkipped() throws Exception {
        // #26, RFC 9113 §4.2: DATA of 20,000 octets, over our SETTINGS_MAX_FRAME_SIZE (16,384), is a stream
        // error FRAME_SIZE_ERROR found from its header; the payload is skipped, not held.
        long allocatedBefore = Target.loopAllocated();
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(attacker.headers(1, Attacker.get("/hold"), false),
                    frame(20_000, FrameType.DATA.code(), 0, 1, new byte[20_000]));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
        }
        assertThat(Target.loopAllocated() - allocatedBefore).isLessThan(1L << 20);
        target.assertRecovered();
    }
}

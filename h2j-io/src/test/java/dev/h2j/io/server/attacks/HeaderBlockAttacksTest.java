package dev.h2j.io.server.attacks;

import static dev.h2j.io.server.attacks.Attacker.concat;
import static dev.h2j.io.server.attacks.Attacker.continuation;
import static dev.h2j.io.server.attacks.Attacker.getBlock;
import static dev.h2j.io.server.attacks.Attacker.headersFrame;
import static dev.h2j.io.server.attacks.Attacker.indexed;
import static dev.h2j.io.server.attacks.Attacker.indexedLiteral;
import static dev.h2j.io.server.attacks.Attacker.literal;
import static dev.h2j.io.server.attacks.Attacker.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks on field blocks (SECURITY.md #6, #9, #10, #12, #20, #21) over loopback: blocks that decode to far
 * more than they weigh are refused without being materialised, blocks that never end are cut off by count
 * and size, and broken HPACK ends the connection; the bystander on the same event loop keeps being served.
 */
@Timeout(60)
class HeaderBlockAttacksTest {
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
    void hpackBombIsRefusedWithoutBeingMaterialised() throws Exception {
        // CVE-2016-6581: one 4 KiB table entry, then blocks of 16,000 one-octet references to it: each block
        // claims 64 MB of fields for 16 KB of wire.
        String value = "a".repeat(4_000);
        int bombs = 50;
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, concat(getBlock("/seed"), indexedLiteral("x-bomb", value)), true, true));
            assertThat(attacker.awaitStatus(1)).isEqualTo(200);
            byte[] references = new byte[16_000];
            Arrays.fill(references, indexed(62)[0]);
            long allocatedBefore = Target.loopAllocated();
            attacker.send(repeat(bombs, i -> headersFrame(2 * i + 3, concat(getBlock("/smuggled"), references),
                    true, true)));
            for (int i = 0; i < bombs; i++) {
                assertThat(attacker.awaitReset(2 * i + 3)).isEqualTo(ErrorCode.REFUSED_STREAM);
            }
            // Materialised, the fields would have cost 3.2 GB; the server's thread allocated a few MB at most.
            assertThat(Target.loopAllocated() - allocatedBefore).isLessThan(8L << 20);
            // The HPACK state stayed in step: the entry still decodes on the same connection.
            int after = 2 * bombs + 3;
            attacker.send(headersFrame(after, concat(getBlock("/after-bombs"), indexed(62)), true, true));
            assertThat(attacker.awaitStatus(after)).isEqualTo(200);
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void http2BombOfManyCookieCrumbsIsRefusedByFieldCount() throws Exception {
        // CVE-2026-49975: hundreds of tiny indexed fields per request on many streams, the windows shut so
        // nothing completes. 300 crumbs of "a=1" weigh 10 KiB of header list but pass maxHeaderFields (200).
        int streams = 50;
        try (Attacker attacker = target.attacker().preface(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))) {
            attacker.send(headersFrame(1, concat(getBlock("/seed"), indexedLiteral("cookie", "a=1")), true, true));
            assertThat(attacker.awaitStatus(1)).isEqualTo(200);
            byte[] crumbs = new byte[300];
            Arrays.fill(crumbs, indexed(62)[0]);
            attacker.send(repeat(streams, i -> headersFrame(2 * i + 3, concat(getBlock("/smuggled"), crumbs),
                    true, true)));
            for (int i = 0; i < streams; i++) {
                assertThat(attacker.awaitReset(2 * i + 3)).isEqualTo(ErrorCode.REFUSED_STREAM);
            }
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void continuationFloodOfEmptyFramesIsCalmed() throws Exception {
        // VU#421644 (zero-length variant, CVE-2026-33871): a block that never ends, in empty CONTINUATIONs.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, getBlock("/smuggled"), true, false),
                    repeat(1_000, i -> continuation(1, new byte[0], false)));
            FloodAttacksTest.assertCalmed(attacker, "maxContinuationFrames");
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void continuationFloodOfFullFramesIsCalmedByBlockSize() throws Exception {
        // VU#421644: full 16 KiB fragments; the block passes maxHeaderBlockSize (128 KiB) before it could
        // pass maxContinuationFrames (8).
        byte[] fragment = new byte[16_384];
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, fragment, true, false), repeat(20, i -> continuation(1, fragment, false)));
            FloodAttacksTest.assertCalmed(attacker, "maxHeaderBlockSize");
        }
        target.assertRecovered();
    }

    @Test
    void headerListOverOurMaxHeaderListSizeIsRefused() throws Exception {
        // RFC 9113 §10.5.1: the peer ignores our SETTINGS_MAX_HEADER_LIST_SIZE (65,536): one 70,000-octet field,
        // over a HEADERS frame and four CONTINUATIONs.
        byte[] block = concat(getBlock("/smuggled"), literal("x-big", "b".repeat(70_000)));
        try (Attacker attacker = target.attacker().preface()) {
            int frames = (block.length + 16_383) / 16_384;
            byte[][] parts = new byte[frames][];
            for (int i = 0; i < frames; i++) {
                byte[] fragment = Arrays.copyOfRange(block, i * 16_384, Math.min(block.length, (i + 1) * 16_384));
                parts[i] = i == 0 ? headersFrame(1, fragment, true, false) : continuation(1, fragment, i == frames - 1);
            }
            attacker.send(parts);
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.REFUSED_STREAM);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void tinyMaxHeaderListSizeOfThePeerFailsOnlyItsOwnResponses() throws Exception {
        // RFC 9113 §10.5.1: a peer advertising a header list size no response fits in gets its streams reset
        // (the server refuses to send past the peer's limit); the connection and the others go on.
        try (Attacker attacker = target.attacker().preface(new Setting(SettingId.MAX_HEADER_LIST_SIZE, 16))) {
            attacker.send(repeat(10, i -> attacker.headers(2 * i + 1, Attacker.get("/tiny"), true)));
            for (int i = 0; i < 10; i++) {
                assertThat(attacker.awaitReset(2 * i + 1)).isEqualTo(ErrorCode.INTERNAL_ERROR);
            }
            assertThat(attacker.goAway()).isEmpty();
        }
        assertThat(target.log.atLeast(System.Logger.Level.WARNING)).hasSize(10)
                .allSatisfy(m -> assertThat(m).contains("exceeds the peer's SETTINGS_MAX_HEADER_LIST_SIZE 16"));
        target.assertRecovered();
    }

    @Test
    void emptyFieldNamesAreMalformed() throws Exception {
        // CVE-2019-9516: fields with an empty name and value (RFC 9113 §8.2.1: a name is a token).
        try (Attacker attacker = target.attacker().preface()) {
            byte[] empties = repeat(100, i -> literal("", ""));
            attacker.send(headersFrame(1, concat(getBlock("/smuggled"), empties), true, true));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    static Stream<Arguments> brokenHpack() {
        return Stream.of(
                Arguments.of("table size update above our SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3)",
                        concat(Attacker.integer(0x20, 5, 8_192), getBlock("/smuggled"))),
                Arguments.of("table size update after the first field (RFC 7541 §4.2)",
                        concat(getBlock("/smuggled"), Attacker.integer(0x20, 5, 0))),
                Arguments.of("index 0 (RFC 7541 §6.1)", concat(getBlock("/smuggled"), indexed(0))),
                Arguments.of("index past both tables (RFC 7541 §2.3.3)", concat(getBlock("/smuggled"), indexed(70))),
                Arguments.of("integer past 2^31-1 (RFC 7541 §5.1)",
                        concat(getBlock("/smuggled"), Attacker.integer(0x80, 7, 1L << 40))),
                Arguments.of("Huffman padding longer than 7 bits (RFC 7541 §5.2)",
                        concat(getBlock("/smuggled"), new byte[] {0x00, (byte) 0x81, (byte) 0xff, 0x00})),
                Arguments.of("string longer than the block (RFC 7541 §5.2)",
                        concat(getBlock("/smuggled"), new byte[] {0x00, 0x7e, 'x'})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenHpack")
    void brokenHpackIsCompressionError(String rule, byte[] block) throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, block, true, true));
            attacker.awaitGoAway(ErrorCode.COMPRESSION_ERROR);
            attacker.awaitClosed();
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }
}

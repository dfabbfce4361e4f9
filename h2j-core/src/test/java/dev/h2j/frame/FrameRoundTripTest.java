package dev.h2j.frame;

import static dev.h2j.frame.FrameBytes.buf;
import static dev.h2j.frame.FrameBytes.hex;
import static dev.h2j.frame.FrameBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-exact vectors: hand-built bytes == writer output == what the parser decodes. */
class FrameRoundTripTest {

    private static final PrioritySpec EXCLUSIVE_ON_3_WEIGHT_256 = new PrioritySpec(3, true, 256);

    static Stream<Arguments> vectors() {
        return Stream.of(
                vector("DATA", new DataFrame(1, buf("68656c6c6f"), false, -1),
                        // length 5 | type DATA | flags 0 | stream 1 | "hello"
                        "000005 00 00 00000001 68656c6c6f"),
                vector("DATA END_STREAM", new DataFrame(3, buf("ab"), true, -1),
                        "000001 00 01 00000003 ab"),
                vector("DATA empty END_STREAM", new DataFrame(3, buf(""), true, -1),
                        "000000 00 01 00000003"),
                vector("DATA PADDED 0", new DataFrame(5, buf("ab"), false, 0),
                        // length 2 | PADDED | pad length 0 | 0xab
                        "000002 00 08 00000005 00 ab"),
                vector("DATA PADDED 3 END_STREAM", new DataFrame(5, buf("abcd"), true, 3),
                        // length 1+2+3 | PADDED|END_STREAM | pad length 3 | data | 3 zero octets
                        "000006 00 09 00000005 03 abcd 000000"),
                vector("HEADERS END_HEADERS", headers(1, "8286", false, true, Optional.empty(), -1),
                        "000002 01 04 00000001 8286"),
                vector("HEADERS END_STREAM END_HEADERS", headers(1, "8286", true, true, Optional.empty(), -1),
                        "000002 01 05 00000001 8286"),
                vector("HEADERS without END_HEADERS", headers(7, "8286", false, false, Optional.empty(), -1),
                        "000002 01 00 00000007 8286"),
                vector("HEADERS PRIORITY exclusive", headers(5, "82", false, true,
                                Optional.of(EXCLUSIVE_ON_3_WEIGHT_256), -1),
                        // length 1+5 | END_HEADERS|PRIORITY | E=1, dependency 3 | weight-1 = 255 | fragment
                        "000006 01 24 00000005 80000003 ff 82"),
                vector("HEADERS PRIORITY not exclusive weight 1", headers(5, "82", false, true,
                                Optional.of(new PrioritySpec(0, false, 1)), -1),
                        "000006 01 24 00000005 00000000 00 82"),
                vector("HEADERS PADDED", headers(1, "8286", false, true, Optional.empty(), 2),
                        // length 1+2+2 | END_HEADERS|PADDED | pad length 2 | fragment | padding
                        "000005 01 0c 00000001 02 8286 0000"),
                vector("HEADERS PADDED PRIORITY END_STREAM END_HEADERS", headers(9, "84", true, true,
                                Optional.of(new PrioritySpec(7, false, 16)), 1),
                        // length 1+5+1+1 | 0x2d | pad 1 | dependency 7 | weight-1 15 | fragment | padding
                        "000008 01 2d 00000009 01 00000007 0f 84 00"),
                vector("PRIORITY exclusive", new PriorityFrame(3, new PrioritySpec(1, true, 32)),
                        "000005 02 00 00000003 80000001 1f"),
                vector("PRIORITY", new PriorityFrame(3, new PrioritySpec(0x7fffffff, false, 256)),
                        "000005 02 00 00000003 7fffffff ff"),
                vector("RST_STREAM CANCEL", new RstStreamFrame(1, ErrorCode.CANCEL),
                        "000004 03 00 00000001 00000008"),
                vector("RST_STREAM unknown code", new RstStreamFrame(1, ErrorCode.of(0xffffffff)),
                        "000004 03 00 00000001 ffffffff"),
                vector("SETTINGS empty", new SettingsFrame(false, List.of()),
                        "000000 04 00 00000000"),
                vector("SETTINGS ACK", SettingsFrame.ACK,
                        "000000 04 01 00000000"),
                vector("SETTINGS in order with duplicates and an unknown id", new SettingsFrame(false, List.of(
                                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                                new Setting(SettingId.of(0xabcd), 0xffffffffL),
                                new Setting(SettingId.INITIAL_WINDOW_SIZE, 0x7fffffff),
                                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 50))),
                        // id 3 = 100 | id 0xabcd = 2^32-1 | id 4 = 2^31-1 | id 3 = 50
                        "000018 04 00 00000000 0003 00000064 abcd ffffffff 0004 7fffffff 0003 00000032"),
                vector("SETTINGS every known id at its edge", new SettingsFrame(false, List.of(
                                new Setting(SettingId.HEADER_TABLE_SIZE, 0),
                                new Setting(SettingId.ENABLE_PUSH, 1),
                                new Setting(SettingId.MAX_FRAME_SIZE, 16384),
                                new Setting(SettingId.MAX_FRAME_SIZE, 16777215),
                                new Setting(SettingId.MAX_HEADER_LIST_SIZE, 8192),
                                new Setting(SettingId.ENABLE_CONNECT_PROTOCOL, 1),
                                new Setting(SettingId.NO_RFC7540_PRIORITIES, 0))),
                        "00002a 04 00 00000000 0001 00000000 0002 00000001 0005 00004000 0005 00ffffff"
                                + " 0006 00002000 0008 00000001 0009 00000000"),
                vector("PUSH_PROMISE END_HEADERS", new PushPromiseFrame(1, 2, buf("8286"), true, -1),
                        // length 4+2 | END_HEADERS | stream 1 | promised 2 | fragment
                        "000006 05 04 00000001 00000002 8286"),
                vector("PUSH_PROMISE without END_HEADERS", new PushPromiseFrame(3, 4, buf("82"), false, -1),
                        "000005 05 00 00000003 00000004 82"),
                vector("PUSH_PROMISE PADDED", new PushPromiseFrame(1, 6, buf("82"), true, 2),
                        // length 1+4+1+2 | END_HEADERS|PADDED | pad 2 | promised 6 | fragment | padding
                        "000008 05 0c 00000001 02 00000006 82 0000"),
                vector("PING", new PingFrame(false, 0x0102030405060708L),
                        "000008 06 00 00000000 0102030405060708"),
                vector("PING ACK", new PingFrame(true, -1L),
                        "000008 06 01 00000000 ffffffffffffffff"),
                vector("GOAWAY", new GoAwayFrame(0, ErrorCode.NO_ERROR, buf("")),
                        "000008 07 00 00000000 00000000 00000000"),
                vector("GOAWAY with debug data", new GoAwayFrame(0x7fffffff, ErrorCode.ENHANCE_YOUR_CALM, buf("6869")),
                        "00000a 07 00 00000000 7fffffff 0000000b 6869"),
                vector("WINDOW_UPDATE connection", new WindowUpdateFrame(0, 0x7fffffff),
                        "000004 08 00 00000000 7fffffff"),
                vector("WINDOW_UPDATE stream", new WindowUpdateFrame(5, 1),
                        "000004 08 00 00000005 00000001"),
                vector("ALTSVC on stream 0", new AltSvcFrame(0, "origin", "h2=\":443\""),
                        // origin length 6 | "origin" | field value
                        "000011 0a 00 00000000 0006 6f726967696e 68323d223a34343322"),
                vector("ALTSVC on a stream", new AltSvcFrame(3, "", "clear"),
                        "000007 0a 00 00000003 0000 636c656172"),
                vector("ORIGIN empty", new OriginFrame(List.of()),
                        "000000 0c 00 00000000"),
                vector("ORIGIN two entries", new OriginFrame(List.of("https://a", "")),
                        "00000d 0c 00 00000000 0009 68747470733a2f2f61 0000"),
                vector("PRIORITY_UPDATE", new PriorityUpdateFrame(5, "u=1, i"),
                        // prioritized stream 5 | "u=1, i"
                        "00000a 10 00 00000000 00000005 753d312c2069"),
                vector("unknown type", new UnknownFrame(0xfa, 0xff, 0x7fffffff, buf("0102")),
                        "000002 fa ff 7fffffff 0102"));
    }

    private static Arguments vector(String name, Frame frame, String wire) {
        return Arguments.of(name, frame, hex(wire));
    }

    private static HeadersFrame headers(int streamId, String fragment, boolean endStream, boolean endHeaders,
            Optional<PrioritySpec> priority, int padLength) {
        return new HeadersFrame(streamId, buf(fragment), endStream, endHeaders, priority, padLength);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void writerOutputEqualsTheHandBuiltBytes(String name, Frame frame, byte[] wire) {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().write(frame, out);
        assertThat(hexOf(out.toByteArray())).isEqualTo(hexOf(wire));

        ByteBuffer fixed = ByteBuffer.allocate(wire.length + 3);
        new FrameWriter().write(frame, fixed);
        assertThat(fixed.position()).isEqualTo(wire.length);
        assertThat(hexOf(java.util.Arrays.copyOf(fixed.array(), wire.length))).isEqualTo(hexOf(wire));
        assertThat(FrameWriter.encodedLength(frame)).isEqualTo(wire.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parserDecodesTheHandBuiltBytesToTheFrame(String name, Frame frame, byte[] wire) {
        byte[] input = frame instanceof ContinuationFrame
                ? FrameBytes.concat(hex("000000 01 00 00000001"), wire) : wire;
        ByteBuffer in = ByteBuffer.wrap(input);
        FrameParser parser = new FrameParser();
        if (frame instanceof ContinuationFrame) {
            parser.next(in);
        }
        Frame parsed = parser.next(in);
        assertThat(parsed).isEqualTo(frame);
        assertThat(parsed.type()).isEqualTo(frame.type());
        assertThat(parsed.flags()).isEqualTo(wire[4] & 0xff);
        assertThat(parsed.typeCode()).isEqualTo(wire[3] & 0xff);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(parser.next(in)).isNull();
    }

    static Stream<Arguments> continuations() {
        return Stream.of(
                Arguments.of(new ContinuationFrame(1, buf("8286"), true), "000002 09 04 00000001 8286"),
                Arguments.of(new ContinuationFrame(1, buf(""), false), "000000 09 00 00000001"));
    }

    @ParameterizedTest
    @MethodSource("continuations")
    void continuationRoundTripsAfterHeadersWithoutEndHeaders(ContinuationFrame frame, String wire) {
        assertThat(hexOf(FrameBytes.written(frame))).isEqualTo(hexOf(hex(wire)));
        FrameParser parser = new FrameParser();
        ByteBuffer in = ByteBuffer.wrap(FrameBytes.concat(hex("000000 01 00 00000001"), hex(wire)));
        assertThat(parser.next(in)).isInstanceOf(HeadersFrame.class);
        assertThat(parser.next(in)).isEqualTo(frame);
        assertThat(parser.state()).isEqualTo(frame.endHeaders()
                ? FrameParser.State.READ_HEADER : FrameParser.State.EXPECT_CONTINUATION);
    }

    /**
     * Every combination of the defined flags of DATA, HEADERS and PUSH_PROMISE: the expected octets are
     * assembled here field by field (pad length, priority, promised id, content, zero padding).
     */
    @Test
    void everyFlagCombinationOfPaddedFramesRoundTrips() {
        byte[] content = hex("a1a2a3");
        for (int bits = 0; bits < 16; bits++) {
            boolean endStream = (bits & 1) != 0;
            boolean endHeaders = (bits & 2) != 0;
            int padLength = (bits & 4) != 0 ? 2 : -1;
            Optional<PrioritySpec> priority = (bits & 8) != 0 ? Optional.of(EXCLUSIVE_ON_3_WEIGHT_256) : Optional.empty();

            int dataFlags = (endStream ? 0x1 : 0) | (padLength >= 0 ? 0x8 : 0);
            assertRoundTrip(new DataFrame(1, ByteBuffer.wrap(content), endStream, padLength),
                    FrameBytes.raw(0x0, dataFlags, 1, padded(padLength, "", content)));

            int headersFlags = dataFlags | (endHeaders ? 0x4 : 0) | (priority.isPresent() ? 0x20 : 0);
            assertRoundTrip(new HeadersFrame(1, ByteBuffer.wrap(content), endStream, endHeaders, priority, padLength),
                    FrameBytes.raw(0x1, headersFlags, 1, padded(padLength, priority.isPresent() ? "80000003 ff" : "", content)));

            int pushFlags = (endHeaders ? 0x4 : 0) | (padLength >= 0 ? 0x8 : 0);
            assertRoundTrip(new PushPromiseFrame(1, 2, ByteBuffer.wrap(content), endHeaders, padLength),
                    FrameBytes.raw(0x5, pushFlags, 1, padded(padLength, "00000002", content)));
        }
    }

    /** Pad Length? | fields | content | zero padding, as hex. */
    private static String padded(int padLength, String fieldsHex, byte[] content) {
        String pad = padLength >= 0 ? String.format("%02x", padLength) : "";
        return pad + fieldsHex.replace(" ", "") + hexOf(content) + "00".repeat(Math.max(padLength, 0));
    }

    private static void assertRoundTrip(Frame frame, byte[] wire) {
        assertThat(hexOf(FrameBytes.written(frame))).as("written %s", frame).isEqualTo(hexOf(wire));
        assertThat(new FrameParser().next(ByteBuffer.wrap(wire))).as("parsed").isEqualTo(frame);
    }

    @Test
    void reservedBitsAreIgnoredOnReceipt() {
        // R set in the frame header, in the promised stream ID, the window increment, the GOAWAY last
        // stream ID and the prioritized stream ID: RFC 9113 §4.1, §6.6, §6.8, §6.9; RFC 9218 §7.1.
        byte[] wire = FrameBytes.concat(
                hex("000004 08 00 80000003 80000010"),
                hex("000005 05 04 80000001 80000002 82"),
                hex("000008 07 00 80000000 80000005 00000000"),
                hex("000004 10 00 80000000 80000007"));
        assertThat(FrameBytes.parseAll(wire)).containsExactly(
                new WindowUpdateFrame(3, 16),
                new PushPromiseFrame(1, 2, buf("82"), true, -1),
                new GoAwayFrame(5, ErrorCode.NO_ERROR, buf("")),
                new PriorityUpdateFrame(7, ""));
    }

    @Test
    void unknownFlagsAreIgnored() {
        byte[] wire = FrameBytes.concat(
                hex("000001 00 f6 00000001 ab"),
                hex("000000 04 fe 00000000"),
                hex("000008 06 fe 00000000 0000000000000000"));
        assertThat(FrameBytes.parseAll(wire)).containsExactly(
                new DataFrame(1, buf("ab"), false, -1),
                new SettingsFrame(false, List.of()),
                new PingFrame(false, 0));
    }

    @Test
    void originOnAStreamIsReturnedUninterpreted() {
        // RFC 8336 §2.1: ORIGIN on a stream other than 0 MUST be ignored
        assertThat(FrameBytes.parseAll(hex("000004 0c 00 00000001 0002 6162")))
                .containsExactly(new UnknownFrame(0xc, 0, 1, buf("0002 6162")));
    }

    @Test
    void altSvcWithAMisplacedOriginIsReturnedUninterpreted() {
        // RFC 7838 §4: an empty origin on stream 0, or an origin on another stream, MUST be ignored
        assertThat(FrameBytes.parseAll(FrameBytes.concat(
                hex("000003 0a 00 00000000 0000 61"),
                hex("000004 0a 00 00000003 0001 6162"))))
                .containsExactly(
                        new UnknownFrame(0xa, 0, 0, buf("0000 61")),
                        new UnknownFrame(0xa, 0, 3, buf("0001 6162")));
    }

    @Test
    void uninterpretedFramesHaveTheUnknownTypeAndTheirWireCode() {
        UnknownFrame frame = new UnknownFrame(0xc, 1, 1, buf(""));
        assertThat(frame.type()).isEqualTo(FrameType.UNKNOWN);
        assertThat(frame.typeCode()).isEqualTo(0xc);
        assertThat(hexOf(FrameBytes.written(frame))).isEqualTo("0000000c0100000001");
    }

    @Test
    void dataFlowControlledLengthCountsPadLengthOctetAndPadding() {
        assertThat(new DataFrame(1, buf("abcd"), false, -1).flowControlledLength()).isEqualTo(2);
        assertThat(new DataFrame(1, buf("abcd"), false, 0).flowControlledLength()).isEqualTo(3);
        assertThat(new DataFrame(1, buf("abcd"), false, 255).flowControlledLength()).isEqualTo(258);
    }

    @Test
    void nonAsciiOctetsRoundTripAsLatin1Chars() {
        PriorityUpdateFrame frame = new PriorityUpdateFrame(1, "\u00ff\u0080");
        byte[] wire = FrameBytes.written(frame);
        assertThat(hexOf(wire)).isEqualTo("000006100000000000" + "00000001ff80");
        assertThat(FrameBytes.parseAll(wire)).containsExactly(frame);
    }

    @Test
    void writerLeavesPayloadPositionsUnchanged() {
        ByteBuffer data = buf("00 0102 03");
        data.position(1).limit(3);
        FrameBytes.written(new DataFrame(1, data, false, -1));
        assertThat(data.position()).isEqualTo(1);
        assertThat(data.limit()).isEqualTo(3);
        assertThat(hexOf(FrameBytes.written(new DataFrame(1, data, false, -1)))).isEqualTo("000002000000000001" + "0102");
    }
}

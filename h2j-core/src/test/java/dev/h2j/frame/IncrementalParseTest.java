package dev.h2j.frame;

import static dev.h2j.frame.FrameBytes.buf;
import static dev.h2j.frame.FrameBytes.concat;
import static dev.h2j.frame.FrameBytes.hex;
import static dev.h2j.frame.FrameBytes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parse does not depend on how the input is split; sizes are judged from the header alone. */
class IncrementalParseTest {

    /** A mix of every frame type, padded and not, with a field block split over CONTINUATION frames. */
    private static final byte[] MIXED = concat(
            raw(0x4, 0, 0, "0003 00000064 0004 0000ffff"),
            raw(0x4, 0x1, 0, ""),
            raw(0x1, 0x20, 1, "80000000 0f 8286"),
            raw(0x9, 0, 1, ""),
            raw(0x9, 0x4, 1, "8487"),
            raw(0x0, 0x9, 1, "02 68656c6c6f 0000"),
            raw(0x0, 0, 3, ""),
            raw(0x2, 0, 3, "00000001 ff"),
            raw(0x3, 0, 3, "00000008"),
            raw(0x5, 0xc, 1, "01 00000002 82 00"),
            raw(0x6, 0, 0, "0102030405060708"),
            raw(0x7, 0, 0, "00000003 00000000 6279"),
            raw(0x8, 0, 0, "00010000"),
            raw(0xa, 0, 0, "0001 61 6232"),
            raw(0xc, 0, 0, "0001 61"),
            raw(0x10, 0, 0, "00000001 753d30"),
            raw(0xfa, 0x3, 7, "deadbeef"));

    private static List<Frame> expected() {
        return List.of(
                new SettingsFrame(false, List.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                        new Setting(SettingId.INITIAL_WINDOW_SIZE, 0xffff))),
                SettingsFrame.ACK,
                new HeadersFrame(1, buf("8286"), false, false, Optional.of(new PrioritySpec(0, true, 16)), -1),
                new ContinuationFrame(1, buf(""), false),
                new ContinuationFrame(1, buf("8487"), true),
                new DataFrame(1, buf("68656c6c6f"), true, 2),
                new DataFrame(3, buf(""), false, -1),
                new PriorityFrame(3, new PrioritySpec(1, false, 256)),
                new RstStreamFrame(3, ErrorCode.CANCEL),
                new PushPromiseFrame(1, 2, buf("82"), true, 1),
                new PingFrame(false, 0x0102030405060708L),
                new GoAwayFrame(3, ErrorCode.NO_ERROR, buf("6279")),
                new WindowUpdateFrame(0, 0x10000),
                new AltSvcFrame(0, "a", "b2"),
                new OriginFrame(List.of("a")),
                new PriorityUpdateFrame(1, "u=0"),
                new UnknownFrame(0xfa, 0x3, 7, buf("deadbeef")));
    }

    private static List<Frame> parseInPieces(byte[] wire, int... splits) {
        FrameParser parser = new FrameParser();
        List<Frame> frames = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= splits.length; i++) {
            int to = i < splits.length ? splits[i] : wire.length;
            ByteBuffer piece = ByteBuffer.wrap(wire, from, to - from);
            frames.addAll(FrameBytes.parseAll(parser, piece));
            assertThat(piece.hasRemaining()).as("every piece is consumed").isFalse();
            from = to;
        }
        return frames;
    }

    @Test
    void wholeBufferParsesToTheExpectedFrames() {
        assertThat(FrameBytes.parseAll(MIXED)).containsExactlyElementsOf(expected());
    }

    @Test
    void splittingAtEveryBoundaryParsesTheSame() {
        List<Frame> expected = expected();
        for (int split = 0; split <= MIXED.length; split++) {
            assertThat(parseInPieces(MIXED, split)).as("split at %d", split).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void oneOctetPerCallParsesTheSame() {
        int[] splits = new int[MIXED.length - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = i + 1;
        }
        assertThat(parseInPieces(MIXED, splits)).containsExactlyElementsOf(expected());
    }

    @Test
    void emptyInputNeedsMoreInput() {
        FrameParser parser = new FrameParser();
        assertThat(parser.next(ByteBuffer.allocate(0))).isNull();
        assertThat(parser.state()).isEqualTo(FrameParser.State.READ_HEADER);
    }

    @Test
    void payloadIsAReadOnlyViewOfTheInputWhenTheWholeFrameIsPresent() {
        byte[] wire = raw(0x0, 0, 1, "0102");
        DataFrame frame = (DataFrame) new FrameParser().next(ByteBuffer.wrap(wire));
        assertThat(frame.data().isReadOnly()).isTrue();
        wire[9] = 0x7f;
        assertThat(frame.data().get(frame.data().position())).as("zero copy: the view sees the input").isEqualTo((byte) 0x7f);
    }

    @Test
    void readOnlyInputGivesReadOnlyPayloads() {
        ByteBuffer in = ByteBuffer.wrap(raw(0x0, 0, 1, "0102")).asReadOnlyBuffer();
        DataFrame frame = (DataFrame) new FrameParser().next(in);
        assertThat(frame.data()).isEqualTo(buf("0102"));
        assertThat(frame.data().isReadOnly()).isTrue();
    }

    @Test
    void littleEndianInputParsesAsTheBigEndianWire() {
        ByteBuffer in = ByteBuffer.wrap(concat(raw(0x8, 0, 0x01020304, "00000105"), raw(0x6, 0, 0, "0102030405060708")))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new FrameParser().next(in)).isEqualTo(new WindowUpdateFrame(0x01020304, 0x105));
        FrameParser split = new FrameParser();
        ByteBuffer first = ByteBuffer.wrap(raw(0x6, 0, 0, "0102030405060708"), 0, 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(split.next(first)).isNull();
        ByteBuffer rest = ByteBuffer.wrap(raw(0x6, 0, 0, "0102030405060708"), 12, 5).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(split.next(rest)).isEqualTo(new PingFrame(false, 0x0102030405060708L));
    }

    @Test
    void payloadsOfConsecutiveInputBuffersViewTheirOwnInput() {
        FrameParser parser = new FrameParser();
        assertThat(parser.next(ByteBuffer.wrap(raw(0x0, 0, 1, "01")))).isEqualTo(new DataFrame(1, buf("01"), false, -1));
        assertThat(parser.next(ByteBuffer.wrap(raw(0x0, 0, 1, "02")))).isEqualTo(new DataFrame(1, buf("02"), false, -1));
    }

    @Test
    void splitPayloadIsAssembledIntoAReadOnlyBuffer() {
        byte[] wire = raw(0x0, 0, 1, "01020304");
        FrameParser parser = new FrameParser();
        assertThat(parser.next(ByteBuffer.wrap(wire, 0, 11))).isNull();
        assertThat(parser.state()).isEqualTo(FrameParser.State.READ_PAYLOAD);
        DataFrame frame = (DataFrame) parser.next(ByteBuffer.wrap(wire, 11, 2));
        assertThat(frame.data()).isEqualTo(buf("01020304"));
        assertThat(frame.data().isReadOnly()).isTrue();
    }

    @Test
    void oversizeHeadersIsRejectedFromTheNineHeaderOctetsAlone() {
        FrameParser parser = new FrameParser();
        ByteBuffer header = ByteBuffer.wrap(FrameBytes.withLength(16385, 0x1, 0x4, 1, new byte[0]));
        FrameFormatException e = catchThrowableOfType(FrameFormatException.class, () -> parser.next(header));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
        assertThat(e.isConnectionError()).isTrue();
        assertThat(parser.state()).isEqualTo(FrameParser.State.FAILED);
    }

    @Test
    void oversizeHeaderSplitAcrossCallsIsRejectedWhenItsLastOctetArrives() {
        FrameParser parser = new FrameParser();
        byte[] header = FrameBytes.withLength(0x1000000 - 1, 0x4, 0, 0, new byte[0]);
        assertThat(parser.next(ByteBuffer.wrap(header, 0, 8))).isNull();
        assertThatThrownBy(() -> parser.next(ByteBuffer.wrap(header, 8, 1)))
                .isInstanceOf(FrameFormatException.class)
                .hasMessageContaining("§4.2");
    }

    @Test
    void oversizeDataIsSkippedAcrossCallsWithoutBufferingAndTheNextFrameParses() {
        FrameParser parser = new FrameParser();
        ByteBuffer header = ByteBuffer.wrap(FrameBytes.withLength(20000, 0x0, 0, 5, new byte[0]));
        FrameFormatException e = catchThrowableOfType(FrameFormatException.class, () -> parser.next(header));
        assertThat(e.isConnectionError()).isFalse();
        assertThat(e.streamId()).isEqualTo(5);
        assertThat(e.flowControlledLength()).isEqualTo(20000);
        assertThat(parser.state()).isEqualTo(FrameParser.State.SKIP_PAYLOAD);
        for (int i = 0; i < 3; i++) {
            ByteBuffer chunk = ByteBuffer.allocate(6000);
            assertThat(parser.next(chunk)).isNull();
            assertThat(chunk.hasRemaining()).isFalse();
            assertThat(parser.state()).isEqualTo(FrameParser.State.SKIP_PAYLOAD);
        }
        ByteBuffer rest = ByteBuffer.wrap(concat(new byte[2000], raw(0x6, 0x1, 0, "0000000000000007")));
        assertThat(parser.next(rest)).isEqualTo(new PingFrame(true, 7));
        assertThat(parser.state()).isEqualTo(FrameParser.State.READ_HEADER);
    }

    @Test
    void raisingTheMaxFrameSizeAcceptsLargerFrames() {
        FrameParser parser = new FrameParser();
        assertThat(parser.maxFrameSize()).isEqualTo(16384);
        parser.setMaxFrameSize(20000);
        assertThat(parser.maxFrameSize()).isEqualTo(20000);
        byte[] wire = FrameBytes.withLength(20000, 0x0, 0, 1, new byte[20000]);
        assertThat(parseWith(parser, wire, 7000)).containsExactly(new DataFrame(1, ByteBuffer.allocate(20000), false, -1));
        byte[] tooBig = FrameBytes.withLength(20001, 0x0, 0, 1, new byte[0]);
        assertThatThrownBy(() -> parser.next(ByteBuffer.wrap(tooBig))).isInstanceOf(FrameFormatException.class);
    }

    @Test
    void maxFrameSizeUpToTheLargestValueIsAccepted() {
        FrameParser parser = new FrameParser();
        parser.setMaxFrameSize(16777215);
        byte[] wire = FrameBytes.withLength(16777215, 0xfa, 0, 1, new byte[16777215]);
        assertThat(parseWith(parser, wire, 1 << 20)).hasSize(1);
    }

    @Test
    void maxFrameSizeOutsideTheRfcRangeIsRefused() {
        FrameParser parser = new FrameParser();
        assertThatThrownBy(() -> parser.setMaxFrameSize(16383)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("§6.5.2");
        assertThatThrownBy(() -> parser.setMaxFrameSize(16777216)).isInstanceOf(IllegalArgumentException.class);
        assertThat(parser.maxFrameSize()).isEqualTo(16384);
    }

    @Test
    void assemblyBufferIsReusedForLaterSplitFrames() {
        FrameParser parser = new FrameParser();
        byte[] wire = concat(raw(0x0, 0, 1, "0102030405"), raw(0x0, 0, 1, "0a0b"), raw(0x0, 0, 1, "0c0d0e0f101112"));
        assertThat(parseWith(parser, wire, 3)).containsExactly(
                new DataFrame(1, buf("0102030405"), false, -1),
                new DataFrame(1, buf("0a0b"), false, -1),
                new DataFrame(1, buf("0c0d0e0f101112"), false, -1));
    }

    @Test
    void clientPrefaceIsTheRfcString() {
        ByteBuffer preface = FrameParser.clientPreface();
        assertThat(preface.isReadOnly()).isTrue();
        assertThat(preface.remaining()).isEqualTo(24);
        assertThat(preface).isEqualTo(ByteBuffer.wrap(hex("505249202a20485454502f322e300d0a0d0a534d0d0a0d0a")));
        preface.get();
        assertThat(FrameParser.clientPreface().remaining()).as("each call returns a fresh view").isEqualTo(24);
    }

    private static List<Frame> parseWith(FrameParser parser, byte[] wire, int chunk) {
        List<Frame> frames = new ArrayList<>();
        for (int from = 0; from < wire.length; from += chunk) {
            frames.addAll(FrameBytes.parseAll(parser, ByteBuffer.wrap(wire, from, Math.min(chunk, wire.length - from))));
        }
        return frames;
    }
}

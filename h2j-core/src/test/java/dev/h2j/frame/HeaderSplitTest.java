package dev.h2j.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The writer splits large field blocks into HEADERS or PUSH_PROMISE plus CONTINUATION frames. */
class HeaderSplitTest {

    private static final PrioritySpec PRIORITY = new PrioritySpec(3, true, 42);

    private static ByteBuffer block(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return ByteBuffer.wrap(bytes);
    }

    private static List<Frame> parse(FrameBuffer out, int maxFrameSize) {
        FrameParser parser = new FrameParser();
        parser.setMaxFrameSize(maxFrameSize);
        return FrameBytes.parseAll(parser, ByteBuffer.wrap(out.toByteArray()));
    }

    private static ByteBuffer join(List<Frame> frames) {
        ByteBuffer joined = ByteBuffer.allocate(1 << 20);
        for (Frame frame : frames) {
            if (frame instanceof HeadersFrame f) {
                joined.put(f.fragment());
            } else if (frame instanceof PushPromiseFrame f) {
                joined.put(f.fragment());
            } else {
                joined.put(((ContinuationFrame) frame).fragment());
            }
        }
        return joined.flip();
    }

    @Test
    void largeHeaderBlockIsSplitWithPaddingAndPriorityOnlyOnTheFirstFrame() {
        FrameWriter writer = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        ByteBuffer block = block(40000);
        writer.writeHeaders(1, block, true, PRIORITY, 10, out);
        List<Frame> frames = parse(out, 16384);

        assertThat(frames).hasSize(3);
        HeadersFrame first = (HeadersFrame) frames.get(0);
        assertThat(first.endStream()).isTrue();
        assertThat(first.endHeaders()).isFalse();
        assertThat(first.priority()).contains(PRIORITY);
        assertThat(first.padLength()).isEqualTo(10);
        // a full frame: pad length octet + 5 priority octets + 10 padding + fragment
        assertThat(first.fragment().remaining()).isEqualTo(16384 - 1 - 5 - 10);
        ContinuationFrame second = (ContinuationFrame) frames.get(1);
        assertThat(second.fragment().remaining()).isEqualTo(16384);
        assertThat(second.endHeaders()).isFalse();
        ContinuationFrame last = (ContinuationFrame) frames.get(2);
        assertThat(last.endHeaders()).isTrue();
        assertThat(join(frames)).isEqualTo(block);
        assertThat(block.position()).as("the caller's block is left unchanged").isZero();
        assertThat(out.size()).isEqualTo(3 * 9 + 1 + 5 + 10 + 40000);
    }

    @Test
    void blockThatExactlyFillsOneFrameIsNotSplit() {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().writeHeaders(1, block(16384 - 6), false, PRIORITY, 0, out);
        List<Frame> frames = parse(out, 16384);
        assertThat(frames).hasSize(1);
        assertThat(((HeadersFrame) frames.get(0)).endHeaders()).isTrue();
    }

    @Test
    void blockOneOctetTooLargeGetsAOneOctetContinuation() {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().writeHeaders(1, block(16385), false, -1, out);
        List<Frame> frames = parse(out, 16384);
        assertThat(frames).hasSize(2);
        assertThat(((HeadersFrame) frames.get(0)).endHeaders()).isFalse();
        assertThat(((HeadersFrame) frames.get(0)).endStream()).isFalse();
        assertThat(frames.get(1)).isEqualTo(new ContinuationFrame(1, block(16385).position(16384), true));
    }

    @Test
    void emptyBlockIsOneHeadersFrameWithEndHeaders() {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().writeHeaders(3, ByteBuffer.allocate(0), true, -1, out);
        assertThat(parse(out, 16384)).containsExactly(
                new HeadersFrame(3, ByteBuffer.allocate(0), true, true, Optional.empty(), -1));
    }

    @Test
    void blockIsReadFromItsPositionToItsLimit() {
        FrameBuffer out = new FrameBuffer();
        ByteBuffer block = block(100).position(10).limit(20);
        new FrameWriter().writeHeaders(3, block, false, -1, out);
        assertThat(join(parse(out, 16384))).isEqualTo(block);
    }

    @Test
    void pushPromiseBlockIsSplitWithPaddingOnlyOnTheFirstFrame() {
        FrameWriter writer = new FrameWriter();
        writer.setMaxFrameSize(20000);
        assertThat(writer.maxFrameSize()).isEqualTo(20000);
        FrameBuffer out = new FrameBuffer();
        ByteBuffer block = block(50000);
        writer.writePushPromise(1, 2, block, 255, out);
        List<Frame> frames = parse(out, 20000);
        assertThat(frames).hasSize(3);
        PushPromiseFrame first = (PushPromiseFrame) frames.get(0);
        assertThat(first.promisedStreamId()).isEqualTo(2);
        assertThat(first.padLength()).isEqualTo(255);
        assertThat(first.endHeaders()).isFalse();
        assertThat(first.fragment().remaining()).isEqualTo(20000 - 1 - 4 - 255);
        assertThat(frames.get(1).flags()).isZero();
        assertThat(frames.get(2).flags()).isEqualTo(0x4);
        assertThat(join(frames)).isEqualTo(block);
    }

    @Test
    void smallPushPromiseIsOneFrame() {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().writePushPromise(1, 4, block(3), -1, out);
        assertThat(parse(out, 16384)).containsExactly(new PushPromiseFrame(1, 4, block(3), true, -1));
    }
}

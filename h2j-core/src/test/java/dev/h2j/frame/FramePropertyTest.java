package dev.h2j.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties: written frames parse back equal however they are split; garbage only ever fails cleanly. */
class FramePropertyTest {

    // ---- generators ------------------------------------------------------------------------------

    private static Arbitrary<Integer> streamIds() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 9), Arbitraries.integers().between(1, Integer.MAX_VALUE));
    }

    private static Arbitrary<ByteBuffer> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(ByteBuffer::wrap);
    }

    private static Arbitrary<Integer> padLengths() {
        return Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 255));
    }

    private static Arbitrary<String> octetText() {
        return Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20);
    }

    private static Arbitrary<Optional<PrioritySpec>> priorities() {
        Arbitrary<PrioritySpec> spec = Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(true, false), Arbitraries.integers().between(1, 256)).as(PrioritySpec::new);
        return Arbitraries.oneOf(Arbitraries.just(Optional.empty()), spec.map(Optional::of));
    }

    private static Arbitrary<ErrorCode> errorCodes() {
        return Arbitraries.integers().map(ErrorCode::of);
    }

    private static Arbitrary<Setting> settings() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1).map(v -> new Setting(SettingId.ENABLE_PUSH, v)),
                Arbitraries.longs().between(0, 0x7fffffffL).map(v -> new Setting(SettingId.INITIAL_WINDOW_SIZE, v)),
                Arbitraries.integers().between(16384, 16777215).map(v -> new Setting(SettingId.MAX_FRAME_SIZE, v)),
                Combinators.combine(Arbitraries.integers().between(10, 0xffff), Arbitraries.longs().between(0, 0xffffffffL))
                        .as((id, v) -> new Setting(SettingId.of(id), v)));
    }

    /** Frames that may stand alone (no open field block), each as a one-element list. */
    private static Arbitrary<Frame> standalone() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(streamIds(), payloads(), Arbitraries.of(true, false), padLengths())
                        .as(DataFrame::new),
                Combinators.combine(streamIds(), payloads(), Arbitraries.of(true, false), priorities(), padLengths())
                        .as((s, p, e, pr, pad) -> new HeadersFrame(s, p, e, true, pr, pad)),
                Combinators.combine(streamIds(), priorities().filter(Optional::isPresent))
                        .as((s, p) -> new PriorityFrame(s, p.get())),
                Combinators.combine(streamIds(), errorCodes()).as(RstStreamFrame::new),
                settings().list().ofMaxSize(5).map(l -> new SettingsFrame(false, l)),
                Arbitraries.just(SettingsFrame.ACK),
                Combinators.combine(streamIds(), streamIds(), payloads(), padLengths())
                        .as((s, p, f, pad) -> new PushPromiseFrame(s, p, f, true, pad)),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs()).as(PingFrame::new),
                Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), errorCodes(), payloads())
                        .as(GoAwayFrame::new),
                Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(1, Integer.MAX_VALUE))
                        .as(WindowUpdateFrame::new),
                Combinators.combine(octetText().filter(s -> !s.isEmpty()), octetText())
                        .as((o, v) -> new AltSvcFrame(0, o, v)),
                Combinators.combine(streamIds(), octetText()).as((s, v) -> new AltSvcFrame(s, "", v)),
                octetText().list().ofMaxSize(4).map(OriginFrame::new),
                Combinators.combine(streamIds(), octetText()).as(PriorityUpdateFrame::new),
                Combinators.combine(Arbitraries.integers().between(0x11, 0xff).filter(t -> FrameType.of(t) == null),
                        Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 9), payloads())
                        .as(UnknownFrame::new)));
    }

    /** A HEADERS frame without END_HEADERS and its CONTINUATION frames, the last one ending the block. */
    private static Arbitrary<List<Frame>> fieldBlock() {
        return Combinators.combine(streamIds(), payloads(), payloads().list().ofMinSize(1).ofMaxSize(3))
                .as((s, first, rest) -> {
                    List<Frame> frames = new ArrayList<>();
                    frames.add(new HeadersFrame(s, first, false, false, Optional.empty(), -1));
                    for (int i = 0; i < rest.size(); i++) {
                        frames.add(new ContinuationFrame(s, rest.get(i), i == rest.size() - 1));
                    }
                    return frames;
                });
    }

    @Provide
    Arbitrary<List<Frame>> frameSequences() {
        return Arbitraries.oneOf(standalone().map(List::of), fieldBlock())
                .list().ofMinSize(1).ofMaxSize(8)
                .map(units -> {
                    List<Frame> all = new ArrayList<>();
                    units.forEach(all::addAll);
                    return all;
                });
    }

    /** Frame-shaped garbage: plausible headers with small lengths, any type, flags and stream, random payload. */
    @Provide
    Arbitrary<byte[]> frameLikeBytes() {
        Arbitrary<byte[]> oneFrame = Combinators.combine(
                Arbitraries.integers().between(0, 24),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 0x11), Arbitraries.integers().between(0, 255)),
                Arbitraries.integers().between(0, 255),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 3), Arbitraries.integers()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24))
                .as((length, type, flags, stream, payload) -> FrameBytes.withLength(length, type, flags, stream, payload));
        return oneFrame.list().ofMaxSize(6).map(frames -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            frames.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    // ---- properties ------------------------------------------------------------------------------

    @Property
    void writtenFramesParseBackEqualWhereverTheInputIsSplit(@ForAll("frameSequences") List<Frame> frames,
            @ForAll @IntRange(min = 1, max = 64) int chunk) {
        FrameWriter writer = new FrameWriter();
        FrameBuffer out = new FrameBuffer(0);
        for (Frame frame : frames) {
            writer.write(frame, out);
        }
        byte[] wire = out.toByteArray();
        assertThat(FrameBytes.parseAll(wire)).containsExactlyElementsOf(frames);

        FrameParser parser = new FrameParser();
        List<Frame> parsed = new ArrayList<>();
        for (int from = 0; from < wire.length; from += chunk) {
            parsed.addAll(FrameBytes.parseAll(parser, ByteBuffer.wrap(wire, from, Math.min(chunk, wire.length - from))));
        }
        assertThat(parsed).containsExactlyElementsOf(frames);
    }

    @Property
    void frameLikeGarbageOnlyEverThrowsFrameFormatExceptionAndTerminates(@ForAll("frameLikeBytes") byte[] wire,
            @ForAll @IntRange(min = 1, max = 32) int chunk) {
        feed(wire, chunk);
    }

    @Property
    void randomBytesOnlyEverThrowFrameFormatExceptionAndTerminate(@ForAll @Size(max = 200) byte[] wire,
            @ForAll @IntRange(min = 1, max = 32) int chunk) {
        feed(wire, chunk);
    }

    /**
     * Feeds the input in chunks, continuing after stream errors and stopping at a connection error; every
     * call must consume input, return a frame or ask for more, so the calls are bounded by the input length.
     */
    private static void feed(byte[] wire, int chunk) {
        FrameParser parser = new FrameParser();
        int calls = 0;
        for (int from = 0; from < wire.length; from += chunk) {
            ByteBuffer in = ByteBuffer.wrap(wire, from, Math.min(chunk, wire.length - from));
            while (true) {
                calls++;
                assertThat(calls).as("bounded by the input").isLessThanOrEqualTo(2 * wire.length + 2);
                try {
                    if (parser.next(in) == null) {
                        break;
                    }
                } catch (FrameFormatException e) {
                    if (e.isConnectionError()) {
                        assertThat(parser.state()).isEqualTo(FrameParser.State.FAILED);
                        return;
                    }
                }
            }
            assertThat(in.hasRemaining()).isFalse();
        }
    }
}

package dev.h2j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link FrameParser} with arbitrary octets, fed whole and in chunks.
 *
 * <p>Input layout: octet 0 chooses the parser's max frame size (bits 0-1: 16384, 16385, 65536 or
 * 16777215) and the chunk size of the split feed (bits 2-7, plus 1: 1 to 64 octets); the rest is the
 * frame stream, without the connection preface.
 *
 * <p>Checks: the parser throws nothing but {@link FrameFormatException}; fed in chunks it produces the
 * same frames and errors as fed whole (RFC 9113 §4: input may be split anywhere); after a connection
 * error it keeps throwing that error and consumes nothing; every frame it returns is one
 * {@link FrameWriter} can write, and the written frames parse back to themselves.
 */
class FrameParserFuzzTest {

    static final int[] MAX_FRAME_SIZES = {16_384, 16_385, 65_536, 16_777_215};

    @FuzzTest
    @Timeout(10)
    void parsesAlikeHoweverSplit(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int maxFrameSize = MAX_FRAME_SIZES[input[0] & 3];
        int chunk = ((input[0] & 0xff) >>> 2) + 1;
        ByteBuffer stream = ByteBuffer.wrap(input, 1, input.length - 1).slice();

        Outcome whole = parse(maxFrameSize, List.of(stream.duplicate()));
        Outcome split = parse(maxFrameSize, chunks(stream, chunk));

        assertThat(split.parsed).as("split into %d-octet chunks", chunk).isEqualTo(whole.parsed);
        assertThat(parse(maxFrameSize, List.of(ByteBuffer.wrap(whole.written.toByteArray()))).parsed)
                .as("the written frames parse back to themselves")
                .isEqualTo(whole.frames());
    }

    /** What a parse produced: one entry per frame (its written octets) or error, and the frames written. */
    record Outcome(List<String> parsed, FrameBuffer written) {
        List<String> frames() {
            return parsed.stream().filter(p -> !p.startsWith("error")).toList();
        }
    }

    static Outcome parse(int maxFrameSize, List<ByteBuffer> chunks) {
        FrameParser parser = new FrameParser();
        parser.setMaxFrameSize(maxFrameSize);
        FrameWriter writer = new FrameWriter();
        writer.setMaxFrameSize(maxFrameSize);
        List<String> parsed = new ArrayList<>();
        FrameBuffer written = new FrameBuffer();
        for (ByteBuffer in : chunks) {
            while (true) {
                Frame frame;
                try {
                    frame = parser.next(in);
                } catch (FrameFormatException e) {
                    parsed.add(describe(e));
                    if (e.isConnectionError()) {
                        assertFailedForGood(parser, in, e);
                        return new Outcome(parsed, written);
                    }
                    continue;
                }
                if (frame == null) {
                    assertThat(in.hasRemaining()).as("null only once the input is used up").isFalse();
                    break;
                }
                FrameBuffer one = new FrameBuffer();
                writer.write(frame, one);
                parsed.add(HexFormat.of().formatHex(one.toByteArray()));
                written.write(ByteBuffer.wrap(one.toByteArray()));
            }
        }
        return new Outcome(parsed, written);
    }

    private static void assertFailedForGood(FrameParser parser, ByteBuffer in, FrameFormatException first) {
        assertThat(parser.state()).isEqualTo(FrameParser.State.FAILED);
        int position = in.position();
        try {
            parser.next(in);
            throw new AssertionError("a failed parser returned a frame");
        } catch (FrameFormatException again) {
            assertThat(again).isSameAs(first);
        }
        assertThat(in.position()).as("a failed parser consumes nothing").isEqualTo(position);
    }

    private static String describe(FrameFormatException e) {
        return "error " + e.errorCode() + (e.isConnectionError() ? " connection" : " stream " + e.streamId())
                + " oversize=" + e.exceedsMaxFrameSize() + " flowControlled=" + e.flowControlledLength();
    }

    static List<ByteBuffer> chunks(ByteBuffer stream, int size) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int from = 0; from < stream.limit(); from += size) {
            chunks.add(stream.duplicate().position(from).limit(Math.min(stream.limit(), from + size)).slice());
        }
        return chunks;
    }
}

package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A DATA frame (type 0x0): a chunk of a stream's content.
 *
 * @param streamId the stream, 1 to 2^31-1 (RFC 9113 §6.1: DATA on stream 0 is a connection error)
 * @param data the content octets between position and limit, without padding; a parser-produced
 *     buffer is a read-only view valid until the next parser call
 * @param endStream whether the END_STREAM flag (0x1) is set
 * @param padLength -1 when the PADDED flag (0x8) is not set, else the number of padding octets, 0 to 255
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.1">RFC 9113 §6.1</a>
 */
public record DataFrame(int streamId, ByteBuffer data, boolean endStream, int padLength) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param data the {@code data} component, described above
     * @param endStream the {@code endStream} component, described above
     * @param padLength the {@code padLength} component, described above
     * @throws IllegalArgumentException if {@code streamId} is 0 or not 31 bits, or {@code padLength}
     *     is outside -1 to 255
     * @throws NullPointerException if {@code data} is null
     */
    public DataFrame {
        Checks.nonZeroStreamId(streamId, "DATA", "§6.1");
        Objects.requireNonNull(data, "data");
        Checks.padLength(padLength);
    }

    /**
     * Returns {@link FrameType#DATA}.
     *
     * @return {@link FrameType#DATA}
     */
    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public int flags() {
        return Flags.set(endStream, Flags.END_STREAM) | Flags.set(padLength >= 0, Flags.PADDED);
    }

    /**
     * Returns the octets this frame counts against flow-control windows: the whole payload, including
     * the Pad Length octet and the padding (RFC 9113 §6.1: "the entire DATA frame payload is included
     * in flow control").
     *
     * @return {@code data.remaining()}, plus {@code 1 + padLength} when padded
     */
    public int flowControlledLength() {
        return data.remaining() + (padLength >= 0 ? 1 + padLength : 0);
    }
}

package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A CONTINUATION frame (type 0x9): a further fragment of the field block begun by HEADERS or
 * PUSH_PROMISE on the same stream.
 *
 * @param streamId the stream, 1 to 2^31-1 (RFC 9113 §6.10: CONTINUATION on stream 0 is a connection error)
 * @param fragment the field block fragment; a parser-produced buffer is a read-only view valid until the
 *     next parser call
 * @param endHeaders whether the END_HEADERS flag (0x4) is set, ending the field block
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.10">RFC 9113 §6.10</a>
 */
public record ContinuationFrame(int streamId, ByteBuffer fragment, boolean endHeaders) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param fragment the {@code fragment} component, described above
     * @param endHeaders the {@code endHeaders} component, described above
     * @throws IllegalArgumentException if {@code streamId} is 0 or not 31 bits
     * @throws NullPointerException if {@code fragment} is null
     */
    public ContinuationFrame {
        Checks.nonZeroStreamId(streamId, "CONTINUATION", "§6.10");
        Objects.requireNonNull(fragment, "fragment");
    }

    /**
     * Returns {@link FrameType#CONTINUATION}.
     *
     * @return {@link FrameType#CONTINUATION}
     */
    @Override
    public FrameType type() {
        return FrameType.CONTINUATION;
    }

    @Override
    public int flags() {
        return Flags.set(endHeaders, Flags.END_HEADERS);
    }
}

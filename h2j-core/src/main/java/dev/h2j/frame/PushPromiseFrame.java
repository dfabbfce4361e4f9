package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A PUSH_PROMISE frame (type 0x5): announces a stream the sender will push, with the first fragment of
 * the promised request's field block (opaque octets to the frame layer).
 *
 * @param streamId the stream the promise is associated with, 1 to 2^31-1 (RFC 9113 §6.6: stream 0 is
 *     a connection error)
 * @param promisedStreamId the reserved stream, 1 to 2^31-1 (RFC 9113 §6.6: an illegal promised stream
 *     is a connection error; whether it is the right parity and order is the connection's to check)
 * @param fragment the field block fragment, without padding; a parser-produced buffer is a read-only
 *     view valid until the next parser call
 * @param endHeaders whether the END_HEADERS flag (0x4) is set; if not, CONTINUATION frames follow
 * @param padLength -1 when the PADDED flag (0x8) is not set, else the number of padding octets, 0 to 255
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.6">RFC 9113 §6.6</a>
 */
public record PushPromiseFrame(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders,
        int padLength) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param promisedStreamId the {@code promisedStreamId} component, described above
     * @param fragment the {@code fragment} component, described above
     * @param endHeaders the {@code endHeaders} component, described above
     * @param padLength the {@code padLength} component, described above
     * @throws IllegalArgumentException if a stream identifier is 0 or not 31 bits, or {@code padLength}
     *     is outside -1 to 255
     * @throws NullPointerException if {@code fragment} is null
     */
    public PushPromiseFrame {
        Checks.nonZeroStreamId(streamId, "PUSH_PROMISE", "§6.6");
        Checks.nonZeroStreamId(promisedStreamId, "promised", "§6.6");
        Objects.requireNonNull(fragment, "fragment");
        Checks.padLength(padLength);
    }

    /**
     * Returns {@link FrameType#PUSH_PROMISE}.
     *
     * @return {@link FrameType#PUSH_PROMISE}
     */
    @Override
    public FrameType type() {
        return FrameType.PUSH_PROMISE;
    }

    @Override
    public int flags() {
        return Flags.set(endHeaders, Flags.END_HEADERS) | Flags.set(padLength >= 0, Flags.PADDED);
    }
}

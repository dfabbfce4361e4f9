package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A HEADERS frame (type 0x1): opens a stream and carries the first fragment of a field block, which
 * the frame layer treats as opaque octets (HPACK decoding is the connection's).
 *
 * @param streamId the stream, 1 to 2^31-1 (RFC 9113 §6.2: HEADERS on stream 0 is a connection error)
 * @param fragment the field block fragment, without padding and priority fields; a parser-produced
 *     buffer is a read-only view valid until the next parser call
 * @param endStream whether the END_STREAM flag (0x1) is set
 * @param endHeaders whether the END_HEADERS flag (0x4) is set; if not, CONTINUATION frames follow
 * @param priority the priority fields when the PRIORITY flag (0x20) is set, else empty
 * @param padLength -1 when the PADDED flag (0x8) is not set, else the number of padding octets, 0 to 255
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.2">RFC 9113 §6.2</a>
 */
public record HeadersFrame(int streamId, ByteBuffer fragment, boolean endStream, boolean endHeaders,
        Optional<PrioritySpec> priority, int padLength) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param fragment the {@code fragment} component, described above
     * @param endStream the {@code endStream} component, described above
     * @param endHeaders the {@code endHeaders} component, described above
     * @param priority the {@code priority} component, described above
     * @param padLength the {@code padLength} component, described above
     * @throws IllegalArgumentException if {@code streamId} is 0 or not 31 bits, or {@code padLength}
     *     is outside -1 to 255
     * @throws NullPointerException if {@code fragment} or {@code priority} is null
     */
    public HeadersFrame {
        Checks.nonZeroStreamId(streamId, "HEADERS", "§6.2");
        Objects.requireNonNull(fragment, "fragment");
        Objects.requireNonNull(priority, "priority");
        Checks.padLength(padLength);
    }

    /**
     * Returns {@link FrameType#HEADERS}.
     *
     * @return {@link FrameType#HEADERS}
     */
    @Override
    public FrameType type() {
        return FrameType.HEADERS;
    }

    @Override
    public int flags() {
        return Flags.set(endStream, Flags.END_STREAM) | Flags.set(endHeaders, Flags.END_HEADERS)
                | Flags.set(padLength >= 0, Flags.PADDED) | Flags.set(priority.isPresent(), Flags.PRIORITY);
    }
}

package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A frame h2j does not interpret: a type it does not know (RFC 9113 §4.1: implementations MUST
 * ignore and discard frames of unknown types), or a known extension frame in a shape its RFC says to
 * ignore (ALTSVC with a misplaced origin, RFC 7838 §4; ORIGIN on a stream other than 0, RFC 8336 §2.1).
 *
 * <p>The parser returns such frames instead of dropping them so the connection can count them
 * against flood limits and report extension frames; it must not otherwise act on them. The writer
 * sends an UnknownFrame exactly as given, which is how applications send extension frames.
 *
 * @param typeCode the type octet as on the wire, 0 to 255
 * @param flags the flags octet as on the wire, 0 to 255
 * @param streamId the stream identifier with the reserved bit cleared, 0 to 2^31-1
 * @param payload the whole payload; a parser-produced buffer is a read-only view valid until the next
 *     parser call
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.5">RFC 9113 §5.5</a>
 */
public record UnknownFrame(int typeCode, int flags, int streamId, ByteBuffer payload) implements Frame {

    /**
     * Validates the components.
     *
     * @param typeCode the {@code typeCode} component, described above
     * @param flags the {@code flags} component, described above
     * @param streamId the {@code streamId} component, described above
     * @param payload the {@code payload} component, described above
     * @throws IllegalArgumentException if {@code typeCode} or {@code flags} is not 8 bits, or
     *     {@code streamId} is not 31 bits
     * @throws NullPointerException if {@code payload} is null
     */
    public UnknownFrame {
        Checks.octet(typeCode, "frame type");
        Checks.octet(flags, "flags");
        Checks.streamId(streamId, "stream identifier");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * Returns {@link FrameType#UNKNOWN}, even when {@link #typeCode()} is a known type's code: the frame
     * is not interpreted.
     *
     * @return {@link FrameType#UNKNOWN}
     */
    @Override
    public FrameType type() {
        return FrameType.UNKNOWN;
    }
}

package dev.h2j.event;

import java.nio.ByteBuffer;

/**
 * A frame h2j does not act on arrived: a frame of a type h2j does not know, or an ALTSVC or ORIGIN frame
 * in a shape its RFC says to ignore (RFC 7838 §4, RFC 8336 §2.1). h2j ignored it, as RFC 9113 §5.5
 * requires, and reports it so that an application can implement an extension on top of h2j.
 *
 * <p>Acting on the frame is entirely the application's business: h2j interprets nothing in it, and the
 * frame changes no stream or connection state. An unknown frame in the middle of a field block is a
 * connection error (RFC 9113 §5.5), so these events never split a HEADERS frame from its
 * CONTINUATION frames.
 *
 * <p>{@link #payload()} returns a new read-only duplicate on every call, so reading it never changes
 * the event. The constructor copies the octets, so the caller's buffer may be reused.
 * {@link #equals(Object)} and {@link #hashCode()} compare the octets' content.
 *
 * @param typeCode the frame type octet, 0 to 255
 * @param flags the flags octet as received, 0 to 255
 * @param streamId the stream identifier with the reserved bit cleared, 0 to 2^31-1
 * @param payload the whole frame payload, read-only
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.5">RFC 9113 §5.5</a>
 */
public record UnknownFrameReceived(int typeCode, int flags, int streamId, ByteBuffer payload) implements Event {

    /**
     * Validates the components and copies the octets of {@code payload} between its position and limit,
     * without moving the caller's buffer.
     *
     * @param typeCode the {@code typeCode} component, described above
     * @param flags the {@code flags} component, described above
     * @param streamId the {@code streamId} component, described above
     * @param payload the {@code payload} component, described above
     * @throws IllegalArgumentException if {@code typeCode} or {@code flags} is outside 0 to 255, or
     *     {@code streamId} is outside 0 to 2^31-1
     * @throws NullPointerException if {@code payload} is null
     */
    public UnknownFrameReceived {
        octet(typeCode, "frame type");
        octet(flags, "flags");
        Checks.streamIdOrZero(streamId, "stream identifier");
        payload = Checks.readOnlyCopy(payload, "payload");
    }

    /**
     * Returns the frame payload: a new read-only duplicate on every call.
     *
     * @return a read-only duplicate of the stored octets
     */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    private static void octet(int value, String what) {
        if (value < 0 || value > 0xff) {
            // RFC 9113 §4.1: the frame type and the flags are 8-bit fields
            throw new IllegalArgumentException("RFC 9113 §4.1: " + what + " " + value + " is not an 8-bit value");
        }
    }
}

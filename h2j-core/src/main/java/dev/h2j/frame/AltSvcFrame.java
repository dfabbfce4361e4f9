package dev.h2j.frame;

/**
 * An ALTSVC frame (type 0xa, RFC 7838 §4): advertises alternative services for an origin.
 *
 * <p>On stream 0 the frame names its origin; on any other stream the origin is that of the stream and
 * the Origin field is empty. The parser returns the other two shapes, which RFC 7838 §4 says MUST be
 * ignored, as {@link UnknownFrame}s. Text components hold octets as ISO-8859-1 chars, so every octet
 * string round-trips; the RFC expects ASCII, which the consumer of the value checks.
 *
 * @param streamId the stream, or 0 for the connection, at most 2^31-1
 * @param origin the ASCII origin; non-empty exactly when {@code streamId} is 0; at most 65535 octets
 * @param fieldValue the Alt-Svc field value (RFC 7838 §3), the rest of the payload
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7838#section-4">RFC 7838 §4</a>
 */
public record AltSvcFrame(int streamId, String origin, String fieldValue) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param origin the {@code origin} component, described above
     * @param fieldValue the {@code fieldValue} component, described above
     * @throws IllegalArgumentException if {@code streamId} is not 31 bits, the origin is empty on stream 0
     *     or not empty on another stream, or a text holds a char above U+00FF or the origin is longer
     *     than 65535 octets
     * @throws NullPointerException if {@code origin} or {@code fieldValue} is null
     */
    public AltSvcFrame {
        Checks.streamId(streamId, "ALTSVC stream identifier");
        Checks.octets(origin, "ALTSVC origin", true);
        Checks.octets(fieldValue, "ALTSVC field value", false);
        if (origin.isEmpty() == (streamId == 0)) {
            // RFC 7838 §4: stream 0 needs an origin; another stream must not carry one
            throw new IllegalArgumentException("RFC 7838 §4: an ALTSVC origin is required on stream 0 and forbidden on "
                    + "other streams, got stream " + streamId + " with origin \"" + origin + "\"");
        }
    }

    /**
     * Returns {@link FrameType#ALTSVC}.
     *
     * @return {@link FrameType#ALTSVC}
     */
    @Override
    public FrameType type() {
        return FrameType.ALTSVC;
    }

    @Override
    public int flags() {
        return 0;
    }
}

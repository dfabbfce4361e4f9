package dev.h2j.event;

import java.util.Objects;

/**
 * An ALTSVC frame arrived: the server advertises alternative services (another host, port or
 * protocol) that can serve an origin (RFC 7838 §4, an h2j addition to RFC 9113).
 *
 * <p>On stream 0 the frame names its origin; on any other stream {@code origin} is empty and the
 * alternatives apply to the origin of that stream's request. ALTSVC frames in the two shapes
 * RFC 7838 §4 says to ignore (no origin on stream 0, an origin on another stream) are never reported
 * as this event. Whether and how to use the alternatives is the application's choice.
 *
 * @param streamId the stream whose request origin the alternatives apply to, or 0 when the frame names
 *     its origin; 0 to 2^31-1
 * @param origin the frame's ASCII Origin field when {@code streamId} is 0 (never empty then); empty on
 *     any other stream
 * @param fieldValue the Alt-Svc field value (RFC 7838 §3), for example {@code h3=":443"; ma=3600}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7838#section-4">RFC 7838 §4</a>
 */
public record AlternativeServiceAvailable(int streamId, String origin, String fieldValue) implements Event {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param origin the {@code origin} component, described above
     * @param fieldValue the {@code fieldValue} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 0 to 2^31-1, or {@code origin} is
     *     empty on stream 0 or not empty on another stream
     * @throws NullPointerException if {@code origin} or {@code fieldValue} is null
     */
    public AlternativeServiceAvailable {
        Checks.streamIdOrZero(streamId, "stream identifier");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(fieldValue, "fieldValue");
        if (origin.isEmpty() == (streamId == 0)) {
            // RFC 7838 §4: stream 0 needs an origin; another stream must not carry one
            throw new IllegalArgumentException("RFC 7838 §4: an ALTSVC origin is required on stream 0 and absent "
                    + "on other streams, got stream " + streamId + " with origin \"" + origin + "\"");
        }
    }
}

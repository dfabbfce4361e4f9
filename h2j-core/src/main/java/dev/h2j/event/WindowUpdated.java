package dev.h2j.event;

/**
 * A WINDOW_UPDATE frame arrived: the peer gave this side {@code delta} more octets of send credit on a
 * stream, or on the whole connection when {@code streamId} is 0.
 *
 * <p>The connection has already added the delta to the window; an increment that would take a window
 * above 2^31-1 is a flow-control error and never reported as this event (RFC 9113 §6.9.1).
 *
 * @param streamId the stream whose send window grew, or 0 for the connection window; 0 to 2^31-1
 * @param delta the Window Size Increment, 1 to 2^31-1
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.9">RFC 9113 §6.9</a>
 */
public record WindowUpdated(int streamId, int delta) implements Event {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param delta the {@code delta} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 0 to 2^31-1 or {@code delta} is
     *     outside 1 to 2^31-1
     */
    public WindowUpdated {
        Checks.streamIdOrZero(streamId, "stream identifier");
        if (delta <= 0) {
            // RFC 9113 §6.9: an increment of 0 is an error; the field is 31 bits
            throw new IllegalArgumentException("RFC 9113 §6.9: window size increment "
                    + Integer.toUnsignedString(delta) + " is outside 1..2^31-1");
        }
    }
}

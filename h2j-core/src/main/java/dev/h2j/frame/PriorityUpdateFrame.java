package dev.h2j.frame;

/**
 * A PRIORITY_UPDATE frame (type 0x10, RFC 9218 §7.1): a client's new priority for a stream, always
 * sent on stream 0.
 *
 * @param prioritizedStreamId the stream being reprioritized, 1 to 2^31-1 (RFC 9218 §7.1: 0 is a
 *     connection error PROTOCOL_ERROR)
 * @param priorityFieldValue the ASCII Priority field value (RFC 9218 §5), held as ISO-8859-1 chars so
 *     every octet string round-trips; its syntax is checked by its consumer
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-7.1">RFC 9218 §7.1</a>
 */
public record PriorityUpdateFrame(int prioritizedStreamId, String priorityFieldValue) implements Frame {

    /**
     * Validates the components.
     *
     * @param prioritizedStreamId the {@code prioritizedStreamId} component, described above
     * @param priorityFieldValue the {@code priorityFieldValue} component, described above
     * @throws IllegalArgumentException if {@code prioritizedStreamId} is 0 or not 31 bits, or the field
     *     value holds a char above U+00FF
     * @throws NullPointerException if {@code priorityFieldValue} is null
     */
    public PriorityUpdateFrame {
        if (prioritizedStreamId <= 0) {
            // RFC 9218 §7.1: a prioritized stream ID of 0 is a connection error PROTOCOL_ERROR
            throw new IllegalArgumentException("RFC 9218 §7.1: prioritized stream identifier "
                    + Integer.toUnsignedString(prioritizedStreamId) + " is outside 1..2^31-1");
        }
        Checks.octets(priorityFieldValue, "Priority field value", false);
    }

    /**
     * Returns 0: PRIORITY_UPDATE is always sent on stream 0.
     *
     * @return 0
     */
    @Override
    public int streamId() {
        return 0;
    }

    /**
     * Returns {@link FrameType#PRIORITY_UPDATE}.
     *
     * @return {@link FrameType#PRIORITY_UPDATE}
     */
    @Override
    public FrameType type() {
        return FrameType.PRIORITY_UPDATE;
    }

    @Override
    public int flags() {
        return 0;
    }
}

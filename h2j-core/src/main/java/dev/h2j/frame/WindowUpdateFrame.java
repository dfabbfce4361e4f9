package dev.h2j.frame;

/**
 * A WINDOW_UPDATE frame (type 0x8): a flow-control window increment for a stream, or for the
 * connection on stream 0.
 *
 * @param streamId the stream, or 0 for the connection window, at most 2^31-1
 * @param increment the increment, 1 to 2^31-1 (RFC 9113 §6.9: 0 is a PROTOCOL_ERROR)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.9">RFC 9113 §6.9</a>
 */
public record WindowUpdateFrame(int streamId, int increment) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param increment the {@code increment} component, described above
     * @throws IllegalArgumentException if {@code streamId} is not 31 bits or {@code increment} is not
     *     1 to 2^31-1
     */
    public WindowUpdateFrame {
        Checks.streamId(streamId, "WINDOW_UPDATE stream identifier");
        if (increment <= 0) {
            // RFC 9113 §6.9: the increment is 1 to 2^31-1; 0 is a PROTOCOL_ERROR
            throw new IllegalArgumentException("RFC 9113 §6.9: window increment " + Integer.toUnsignedString(increment)
                    + " is outside 1..2^31-1");
        }
    }

    /**
     * Returns {@link FrameType#WINDOW_UPDATE}.
     *
     * @return {@link FrameType#WINDOW_UPDATE}
     */
    @Override
    public FrameType type() {
        return FrameType.WINDOW_UPDATE;
    }

    @Override
    public int flags() {
        return 0;
    }
}

package dev.h2j.frame;

import java.util.Objects;

/**
 * A PRIORITY frame (type 0x2): the deprecated RFC 7540 priority signal for a stream. It never opens a
 * stream; the connection may ignore it (RFC 9113 §5.3.2).
 *
 * @param streamId the stream, 1 to 2^31-1 (RFC 9113 §6.3: PRIORITY on stream 0 is a connection error)
 * @param priority the priority fields
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.3">RFC 9113 §6.3</a>
 */
public record PriorityFrame(int streamId, PrioritySpec priority) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param priority the {@code priority} component, described above
     * @throws IllegalArgumentException if {@code streamId} is 0 or not 31 bits
     * @throws NullPointerException if {@code priority} is null
     */
    public PriorityFrame {
        Checks.nonZeroStreamId(streamId, "PRIORITY", "§6.3");
        Objects.requireNonNull(priority, "priority");
    }

    /**
     * Returns {@link FrameType#PRIORITY}.
     *
     * @return {@link FrameType#PRIORITY}
     */
    @Override
    public FrameType type() {
        return FrameType.PRIORITY;
    }

    @Override
    public int flags() {
        return 0;
    }
}

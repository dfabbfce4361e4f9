package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A GOAWAY frame (type 0x7): the sender is shutting the connection down, or reports a connection error.
 *
 * @param lastStreamId the highest peer-initiated stream the sender might have processed, 0 to 2^31-1
 * @param errorCode why the connection is closing; may be a code RFC 9113 does not define
 * @param debugData opaque diagnostic octets; a parser-produced buffer is a read-only view valid until
 *     the next parser call
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
 */
public record GoAwayFrame(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) implements Frame {

    /**
     * Validates the components.
     *
     * @param lastStreamId the {@code lastStreamId} component, described above
     * @param errorCode the {@code errorCode} component, described above
     * @param debugData the {@code debugData} component, described above
     * @throws IllegalArgumentException if {@code lastStreamId} is not 31 bits
     * @throws NullPointerException if {@code errorCode} or {@code debugData} is null
     */
    public GoAwayFrame {
        Checks.streamId(lastStreamId, "last stream identifier");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(debugData, "debugData");
    }

    /**
     * Returns 0: GOAWAY always applies to the connection.
     *
     * @return 0
     */
    @Override
    public int streamId() {
        return 0;
    }

    /**
     * Returns {@link FrameType#GOAWAY}.
     *
     * @return {@link FrameType#GOAWAY}
     */
    @Override
    public FrameType type() {
        return FrameType.GOAWAY;
    }

    @Override
    public int flags() {
        return 0;
    }
}

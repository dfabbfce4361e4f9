package dev.h2j.frame;

import java.util.Objects;

/**
 * An RST_STREAM frame (type 0x3): terminates a stream immediately.
 *
 * @param streamId the stream, 1 to 2^31-1 (RFC 9113 §6.4: RST_STREAM on stream 0 is a connection error)
 * @param errorCode why the stream is terminated; may be a code RFC 9113 does not define
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.4">RFC 9113 §6.4</a>
 */
public record RstStreamFrame(int streamId, ErrorCode errorCode) implements Frame {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param errorCode the {@code errorCode} component, described above
     * @throws IllegalArgumentException if {@code streamId} is 0 or not 31 bits
     * @throws NullPointerException if {@code errorCode} is null
     */
    public RstStreamFrame {
        Checks.nonZeroStreamId(streamId, "RST_STREAM", "§6.4");
        Objects.requireNonNull(errorCode, "errorCode");
    }

    /**
     * Returns {@link FrameType#RST_STREAM}.
     *
     * @return {@link FrameType#RST_STREAM}
     */
    @Override
    public FrameType type() {
        return FrameType.RST_STREAM;
    }

    @Override
    public int flags() {
        return 0;
    }
}

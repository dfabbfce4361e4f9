package dev.h2j.event;

import dev.h2j.frame.ErrorCode;
import java.util.Objects;

/**
 * A stream was reset and is now closed: either the peer sent RST_STREAM, or h2j reset the stream
 * itself because the peer broke a stream-level rule.
 *
 * <p>When {@code remoteReset} is false, h2j treated the peer's frame as a stream error and has already
 * queued an RST_STREAM carrying {@code errorCode} (RFC 9113 §5.4.2); the rest of the connection is
 * unaffected. When it is true, the code is the peer's, possibly one RFC 9113 does not define
 * (RFC 9113 §7: unknown codes must not trigger special behaviour).
 *
 * @param streamId the stream that was reset, 1 to 2^31-1
 * @param errorCode why the stream was reset: the code of the received or of the queued RST_STREAM
 * @param remoteReset true when the peer sent RST_STREAM; false when h2j reset the stream itself
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.4">RFC 9113 §6.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.4.2">RFC 9113 §5.4.2</a>
 */
public record StreamReset(int streamId, ErrorCode errorCode, boolean remoteReset) implements Event {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param errorCode the {@code errorCode} component, described above
     * @param remoteReset the {@code remoteReset} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1
     * @throws NullPointerException if {@code errorCode} is null
     */
    public StreamReset {
        Checks.streamId(streamId, "stream identifier");
        Objects.requireNonNull(errorCode, "errorCode");
    }
}

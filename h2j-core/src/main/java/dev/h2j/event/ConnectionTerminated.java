package dev.h2j.event;

import dev.h2j.frame.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A GOAWAY frame arrived: the peer is shutting the connection down, gracefully with NO_ERROR or
 * because of a connection error.
 *
 * <p>{@code lastStreamId} splits the streams this side initiated in two (RFC 9113 §6.8): those above
 * it were not processed by the peer and may safely be retried, on another connection; those at or
 * below it may still complete normally. No new stream may be opened on this connection.
 *
 * <p>{@link #additionalData()} returns a new read-only duplicate on every call, so reading it never
 * changes the event. The constructor copies the octets, so the caller's buffer may be reused.
 * {@link #equals(Object)} and {@link #hashCode()} compare the octets' content.
 *
 * @param errorCode why the connection is closing; may be a code RFC 9113 does not define
 * @param lastStreamId the highest stream initiated by this side that the peer might have processed,
 *     0 to 2^31-1
 * @param additionalData the Additional Debug Data, opaque diagnostic octets, read-only
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
 */
public record ConnectionTerminated(ErrorCode errorCode, int lastStreamId, ByteBuffer additionalData)
        implements Event {

    /**
     * Validates the components and copies the octets of {@code additionalData} between its position and
     * limit, without moving the caller's buffer.
     *
     * @param errorCode the {@code errorCode} component, described above
     * @param lastStreamId the {@code lastStreamId} component, described above
     * @param additionalData the {@code additionalData} component, described above
     * @throws IllegalArgumentException if {@code lastStreamId} is outside 0 to 2^31-1
     * @throws NullPointerException if {@code errorCode} or {@code additionalData} is null
     */
    public ConnectionTerminated {
        Objects.requireNonNull(errorCode, "errorCode");
        Checks.streamIdOrZero(lastStreamId, "last stream identifier");
        additionalData = Checks.readOnlyCopy(additionalData, "additionalData");
    }

    /**
     * Returns the Additional Debug Data: a new read-only duplicate on every call.
     *
     * @return a read-only duplicate of the stored octets
     */
    @Override
    public ByteBuffer additionalData() {
        return additionalData.duplicate();
    }
}

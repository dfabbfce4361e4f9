package dev.h2j.event;

/**
 * The peer ended a stream: a HEADERS or DATA frame carried END_STREAM, so the peer sends nothing more
 * on it (its half of the stream is closed).
 *
 * <p>It is the related event of the {@link RequestReceived}, {@link ResponseReceived},
 * {@link TrailersReceived} or {@link DataReceived} whose frame carried the flag, and is listed right
 * after it.
 *
 * @param streamId the stream, 1 to 2^31-1
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.1">RFC 9113 §5.1</a>
 */
public record StreamEnded(int streamId) implements Event {

    /**
     * Validates the component.
     *
     * @param streamId the {@code streamId} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1
     */
    public StreamEnded {
        Checks.streamId(streamId, "stream identifier");
    }
}

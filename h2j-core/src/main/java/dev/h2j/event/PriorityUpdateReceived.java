package dev.h2j.event;

import java.util.Objects;

/**
 * A PRIORITY_UPDATE frame arrived (server side): the client changed the priority of a stream using the
 * Extensible Prioritization Scheme (RFC 9218 §7.1, an h2j addition to RFC 9113).
 *
 * <p>The value is the same Structured Field Dictionary as the {@code Priority} header field
 * (RFC 9218 §5), for example {@code u=1, i}: urgency 1, incremental. h2j does not parse it; a
 * scheduler that honours priorities does. The prioritized stream may still be idle: RFC 9218 §7.1
 * lets a client send PRIORITY_UPDATE before the request it applies to.
 *
 * @param prioritizedStreamId the stream being reprioritized, 1 to 2^31-1
 * @param priorityFieldValue the ASCII Priority field value, unparsed
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-7.1">RFC 9218 §7.1</a>
 */
public record PriorityUpdateReceived(int prioritizedStreamId, String priorityFieldValue) implements Event {

    /**
     * Validates the components.
     *
     * @param prioritizedStreamId the {@code prioritizedStreamId} component, described above
     * @param priorityFieldValue the {@code priorityFieldValue} component, described above
     * @throws IllegalArgumentException if {@code prioritizedStreamId} is outside 1 to 2^31-1
     * @throws NullPointerException if {@code priorityFieldValue} is null
     */
    public PriorityUpdateReceived {
        // RFC 9218 §7.1: a prioritized stream ID of 0 is a connection error PROTOCOL_ERROR
        Checks.streamId(prioritizedStreamId, "prioritized stream identifier");
        Objects.requireNonNull(priorityFieldValue, "priorityFieldValue");
    }
}

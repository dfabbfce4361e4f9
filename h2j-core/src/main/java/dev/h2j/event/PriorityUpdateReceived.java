package dev.h2j.event;

import dev.h2j.priority.Priority;
import java.util.Objects;

/**
 * A PRIORITY_UPDATE frame arrived (server side): the client changed the priority of a stream using the
 * Extensible Prioritization Scheme (RFC 9218 §7.1, an h2j addition to RFC 9113). This is the RFC 9218
 * counterpart of {@link PriorityUpdated}: {@link #priority()} carries the urgency and incremental
 * parameters, for a {@code dev.h2j.priority.Scheduler} to apply.
 *
 * <p>The value is the same Structured Field Dictionary as the {@code priority} header field
 * (RFC 9218 §5), for example {@code u=1, i}: urgency 1, incremental. It is kept as received, with any
 * extension parameters; {@link #priority()} reads the two RFC 9218 defines.
 *
 * <p>The prioritized stream is open, half-closed or reserved, or still idle: RFC 9218 §7.1 lets a
 * client send PRIORITY_UPDATE before the request it applies to, and a server then applies it when the
 * stream opens, over the request's {@code priority} header. The connection checks the frame first: a
 * push stream that is idle, or more idle prioritized streams than SETTINGS_MAX_CONCURRENT_STREAMS
 * leaves room for, is a connection error PROTOCOL_ERROR; a frame for a closed stream is dropped.
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

    /**
     * Returns the urgency and incremental parameters of the field value, read as RFC 9218 §4 says: a
     * value that is not a valid dictionary counts as empty (all defaults, as a PRIORITY_UPDATE frame that
     * omits a parameter signals its default), and unknown or invalid parameters are ignored.
     *
     * @return the priority
     * @see Priority#parse(CharSequence)
     */
    public Priority priority() {
        return Priority.parse(priorityFieldValue);
    }
}

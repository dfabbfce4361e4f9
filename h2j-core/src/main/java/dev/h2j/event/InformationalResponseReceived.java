package dev.h2j.event;

import dev.h2j.hpack.HeaderField;
import java.util.List;
import java.util.Optional;

/**
 * An interim (1xx) response's field block arrived (client side), for example {@code 103 Early Hints}
 * or {@code 100 Continue}.
 *
 * <p>Any number of interim responses may precede the final response, which is reported as
 * {@link ResponseReceived} (RFC 9113 §8.1). An interim response never ends the stream: a HEADERS frame
 * with END_STREAM carrying a 1xx status is malformed (RFC 9113 §8.1), so this event has no
 * {@code streamEnded}. When the HEADERS frame carried RFC 7540 priority fields,
 * {@link #priorityUpdated()} holds the related {@link PriorityUpdated}, which also follows this event
 * in the event list.
 *
 * @param streamId the stream of the request being answered, 1 to 2^31-1
 * @param headers the decoded field section, {@code :status} first, in wire order, unmodifiable
 * @param priorityUpdated the related event when the HEADERS frame carried priority fields, else empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
 */
public record InformationalResponseReceived(int streamId, List<HeaderField> headers,
        Optional<PriorityUpdated> priorityUpdated) implements Event {

    /**
     * Validates the components and copies the field list.
     *
     * @param streamId the {@code streamId} component, described above
     * @param headers the {@code headers} component, described above
     * @param priorityUpdated the {@code priorityUpdated} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1, or
     *     {@code priorityUpdated} is on another stream
     * @throws NullPointerException if a component, or one of the fields, is null
     */
    public InformationalResponseReceived {
        Checks.streamId(streamId, "stream identifier");
        headers = Checks.headers(headers);
        Checks.relatedPriority(streamId, priorityUpdated);
    }
}

package dev.h2j.event;

import dev.h2j.hpack.HeaderField;
import dev.h2j.priority.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request's field block arrived (server side): the HEADERS frame and any CONTINUATION frames that
 * opened a stream have been decoded.
 *
 * <p>The fields are in the order they were decoded, pseudo-header fields ({@code :method},
 * {@code :scheme}, {@code :authority}, {@code :path}) first (RFC 9113 §8.3.1). When the same HEADERS
 * frame carried END_STREAM, the request has no content and {@link #streamEnded()} holds the related
 * {@link StreamEnded}; when it carried RFC 7540 priority fields, {@link #priorityUpdated()} holds the
 * related {@link PriorityUpdated}. Related events also follow this one in the event list.
 *
 * @param streamId the stream the request opened, 1 to 2^31-1
 * @param headers the decoded field section, in wire order, unmodifiable
 * @param streamEnded the related event when the HEADERS frame carried END_STREAM, else empty
 * @param priorityUpdated the related event when the HEADERS frame carried priority fields, else empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.3.1">RFC 9113 §8.3.1</a>
 */
public record RequestReceived(int streamId, List<HeaderField> headers, Optional<StreamEnded> streamEnded,
        Optional<PriorityUpdated> priorityUpdated) implements Event {

    /**
     * Validates the components and copies the field list.
     *
     * @param streamId the {@code streamId} component, described above
     * @param headers the {@code headers} component, described above
     * @param streamEnded the {@code streamEnded} component, described above
     * @param priorityUpdated the {@code priorityUpdated} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1, or a related event is
     *     on another stream
     * @throws NullPointerException if a component, or one of the fields, is null
     */
    public RequestReceived {
        Checks.streamId(streamId, "stream identifier");
        headers = Checks.headers(headers);
        Checks.relatedStreamEnded(streamId, streamEnded);
        Checks.relatedPriority(streamId, priorityUpdated);
    }

    /**
     * Returns the request's RFC 9218 priority: its {@code priority} header fields read as one
     * Structured Field Dictionary, or the defaults (urgency 3, not incremental) when it has none
     * (RFC 9218 §4, §5). A PRIORITY_UPDATE received for the stream ({@link PriorityUpdateReceived})
     * overrides it (RFC 9218 §7.1).
     *
     * @return the priority
     * @see Priority#parse(List)
     */
    public Priority priority() {
        List<String> lines = new ArrayList<>(1);
        for (HeaderField field : headers) {
            if (field.name().equals("priority")) {
                lines.add(field.value());
            }
        }
        return Priority.parse(lines);
    }
}

package dev.h2j.event;

import dev.h2j.hpack.HeaderField;
import java.util.List;
import java.util.Optional;

/**
 * A trailer field block arrived: a HEADERS frame (and any CONTINUATION frames) after a message's
 * content has been decoded, on either side.
 *
 * <p>Trailers always end the stream (RFC 9113 §8.1: a trailer section is the last frame of a
 * message and carries END_STREAM), so {@link #streamEnded()} is always present; it holds the related
 * {@link StreamEnded}, which also follows this event in the event list. Trailers carry no
 * pseudo-header fields (RFC 9113 §8.1). When the HEADERS frame carried RFC 7540 priority fields,
 * {@link #priorityUpdated()} holds the related {@link PriorityUpdated}.
 *
 * @param streamId the stream, 1 to 2^31-1
 * @param headers the decoded trailer fields, in wire order, unmodifiable
 * @param streamEnded the related event of the END_STREAM flag, always present
 * @param priorityUpdated the related event when the HEADERS frame carried priority fields, else empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
 */
public record TrailersReceived(int streamId, List<HeaderField> headers, Optional<StreamEnded> streamEnded,
        Optional<PriorityUpdated> priorityUpdated) implements Event {

    /**
     * Validates the components and copies the field list.
     *
     * @param streamId the {@code streamId} component, described above
     * @param headers the {@code headers} component, described above
     * @param streamEnded the {@code streamEnded} component, described above
     * @param priorityUpdated the {@code priorityUpdated} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1, {@code streamEnded}
     *     is empty, or a related event is on another stream
     * @throws NullPointerException if a component, or one of the fields, is null
     */
    public TrailersReceived {
        Checks.streamId(streamId, "stream identifier");
        headers = Checks.headers(headers);
        Checks.relatedStreamEnded(streamId, streamEnded);
        Checks.relatedPriority(streamId, priorityUpdated);
        if (streamEnded.isEmpty()) {
            // RFC 9113 §8.1: the HEADERS frame that carries trailers also carries END_STREAM
            throw new IllegalArgumentException(
                    "RFC 9113 §8.1: trailers end the stream, so streamEnded must be present");
        }
    }
}

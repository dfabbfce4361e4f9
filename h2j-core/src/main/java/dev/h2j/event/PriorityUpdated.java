package dev.h2j.event;

/**
 * The peer sent RFC 7540 priority information for a stream: a PRIORITY frame, or the priority fields
 * of a HEADERS frame.
 *
 * <p>RFC 9113 deprecates this scheme (RFC 9113 §5.3.2) and the connection does not act on it; the event
 * lets an application that keeps an RFC 7540 §5.3 dependency tree maintain it, for example through
 * {@code dev.h2j.priority.TreeScheduler}. Once either endpoint sent SETTINGS_NO_RFC7540_PRIORITIES 1, the
 * signals are ignored and this event is not reported (RFC 9218 §2.1); RFC 9218 priorities arrive as
 * {@link PriorityUpdateReceived} and in {@link RequestReceived#priority()}. When it comes from a HEADERS
 * frame, it is the related event of that frame's {@link RequestReceived}, {@link ResponseReceived},
 * {@link InformationalResponseReceived} or {@link TrailersReceived}, and follows it in the event list.
 *
 * <p>A stream that depends on itself is a stream error that the connection handles (RFC 7540 §5.3.1)
 * before anything is reported, so {@code dependsOn} never equals {@code streamId}.
 *
 * @param streamId the stream whose priority changed, 1 to 2^31-1
 * @param weight the weight, 1 to 256 (the wire carries {@code weight - 1})
 * @param dependsOn the Stream Dependency: the parent stream, or 0 for the root; 0 to 2^31-1 and never
 *     {@code streamId}
 * @param exclusive whether the dependency is exclusive (the E flag)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.3">RFC 9113 §6.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3">RFC 7540 §5.3</a>
 */
public record PriorityUpdated(int streamId, int weight, int dependsOn, boolean exclusive) implements Event {

    /**
     * Validates the components.
     *
     * @param streamId the {@code streamId} component, described above
     * @param weight the {@code weight} component, described above
     * @param dependsOn the {@code dependsOn} component, described above
     * @param exclusive the {@code exclusive} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1, {@code weight} is
     *     outside 1 to 256, {@code dependsOn} is outside 0 to 2^31-1 or equals {@code streamId}
     */
    public PriorityUpdated {
        Checks.streamId(streamId, "stream identifier");
        if (weight < 1 || weight > 256) {
            // RFC 9113 §6.3: Weight is one octet holding weight - 1, so 1..256
            throw new IllegalArgumentException("RFC 9113 §6.3: weight " + weight + " is outside 1..256");
        }
        Checks.streamIdOrZero(dependsOn, "stream dependency");
        if (dependsOn == streamId) {
            // RFC 7540 §5.3.1: a stream cannot depend on itself; the connection resets it instead
            throw new IllegalArgumentException("RFC 7540 §5.3.1: stream " + streamId + " cannot depend on itself");
        }
    }
}

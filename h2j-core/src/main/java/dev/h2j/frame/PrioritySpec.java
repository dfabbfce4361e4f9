package dev.h2j.frame;

/**
 * The RFC 7540 priority fields carried by PRIORITY frames and by HEADERS frames with the PRIORITY flag:
 * Exclusive (1 bit), Stream Dependency (31 bits), Weight (8 bits, sent as weight - 1).
 *
 * <p>A stream depending on itself is a stream error (RFC 7540 §5.3.1); that is left to the
 * connection, which must still decode the field block of such a HEADERS frame.
 *
 * @param streamDependency the stream this one depends on, 0 to 2^31-1
 * @param exclusive whether the dependency is exclusive
 * @param weight the weight, 1 to 256 (the wire carries {@code weight - 1})
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.3">RFC 9113 §6.3</a>
 */
public record PrioritySpec(int streamDependency, boolean exclusive, int weight) {

    /**
     * Validates the components.
     *
     * @param streamDependency the {@code streamDependency} component, described above
     * @param exclusive the {@code exclusive} component, described above
     * @param weight the {@code weight} component, described above
     * @throws IllegalArgumentException if {@code streamDependency} is not 31 bits or {@code weight} is
     *     outside 1 to 256
     */
    public PrioritySpec {
        Checks.streamId(streamDependency, "stream dependency");
        if (weight < 1 || weight > 256) {
            // RFC 9113 §6.3: Weight is one octet holding weight - 1, so 1..256
            throw new IllegalArgumentException("RFC 9113 §6.3: weight " + weight + " is outside 1..256");
        }
    }
}

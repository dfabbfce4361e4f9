package dev.h2j.priority;

import java.util.List;
import java.util.Objects;

/**
 * The priority parameters of the Extensible Prioritization Scheme (RFC 9218 §4): urgency and
 * incremental, as the {@code priority} header field (RFC 9218 §5) and the PRIORITY_UPDATE frame
 * (RFC 9218 §7.1) carry them.
 *
 * <p>Both carry a Structured Field Dictionary (RFC 8941 §3.2), for example {@code u=5, i}: urgency 5,
 * incremental. {@link #parse(CharSequence)} reads one as RFC 9218 §4 asks: a value that is not a
 * valid dictionary is ignored as a whole (all defaults); in a valid one, unknown keys, parameters,
 * values of another type and out-of-range values are ignored one by one; when a key repeats, the last
 * value counts. {@link #fieldValue()} writes one.
 *
 * <pre>{@code
 * Priority css = Priority.parse("u=0");               // urgency 0, not incremental
 * Priority image = Priority.parse("u=5, i");          // urgency 5, incremental
 * Priority junk = Priority.parse("u=5, i=?2");        // not a dictionary: Priority.DEFAULT
 * String value = new Priority(1, true).fieldValue();  // "u=1, i"
 * }</pre>
 *
 * @param urgency the urgency, 0 (most urgent) to 7 (background); default 3 (RFC 9218 §4.1)
 * @param incremental whether the response is useful piece by piece, so it may share bandwidth with
 *     others of its urgency; default false (RFC 9218 §4.2)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-4">RFC 9218 §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8941#section-4.2.2">RFC 8941 §4.2.2</a>
 */
public record Priority(int urgency, boolean incremental) {

    /** The most urgent urgency: 0. */
    public static final int MIN_URGENCY = 0;
    /** The least urgent urgency, for background work: 7 (RFC 9218 §4.1). */
    public static final int MAX_URGENCY = 7;
    /** The urgency of a request that signals none: 3 (RFC 9218 §4.1). */
    public static final int DEFAULT_URGENCY = 3;
    /** The priority of a request that signals none: urgency 3, not incremental (RFC 9218 §4). */
    public static final Priority DEFAULT = new Priority(DEFAULT_URGENCY, false);

    /**
     * Validates the components.
     *
     * @param urgency the {@code urgency} component, described above
     * @param incremental the {@code incremental} component, described above
     * @throws IllegalArgumentException if {@code urgency} is outside 0 to 7
     */
    public Priority {
        if (urgency < MIN_URGENCY || urgency > MAX_URGENCY) {
            throw new IllegalArgumentException("RFC 9218 §4.1: urgency " + urgency + " is outside 0..7");
        }
    }

    /**
     * Reads a {@code priority} field value or a PRIORITY_UPDATE's Priority Field Value. Never fails: what
     * RFC 9218 §4 says to ignore is ignored, and parameters not given keep their defaults.
     *
     * @param fieldValue the value, for example {@code u=1, i}
     * @return the priority
     * @throws NullPointerException if {@code fieldValue} is null
     */
    public static Priority parse(CharSequence fieldValue) {
        Objects.requireNonNull(fieldValue, "fieldValue");
        return StructuredFieldDictionary.priority(fieldValue);
    }

    /**
     * Reads the lines of a {@code priority} field, as a request with several {@code priority} fields
     * carries them: they are joined with commas and read as one value (RFC 8941 §4.2). No line means
     * the defaults.
     *
     * @param fieldLines the values of the {@code priority} fields, in order
     * @return the priority
     * @throws NullPointerException if {@code fieldLines} or a line is null
     */
    public static Priority parse(List<String> fieldLines) {
        if (fieldLines.size() == 1) {
            return parse(fieldLines.get(0));
        }
        return parse(String.join(",", fieldLines));
    }

    /**
     * Returns the field value that carries this priority: the urgency, then {@code i} when incremental,
     * for example {@code u=3} or {@code u=5, i} (RFC 8941 §4.1.2).
     *
     * @return the dictionary, as ASCII text
     */
    public String fieldValue() {
        return incremental ? "u=" + urgency + ", i" : "u=" + urgency;
    }
}

package dev.h2j.priority;

/**
 * Keeping one more stream would pass the tree's or scheduler's stream limit (python-hyper
 * {@code priority}'s {@code TooManyStreamsError}), the bound that keeps a peer's PRIORITY frames from
 * growing memory without end (CVE-2016-6580, CVE-2019-9513). Not to be confused with
 * {@code dev.h2j.TooManyStreamsException}, which is about SETTINGS_MAX_CONCURRENT_STREAMS.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.4">RFC 7540 §5.3.4</a>
 */
public final class TooManyStreamsException extends PriorityException {
    private static final long serialVersionUID = 1L;

    TooManyStreamsException(String message) {
        super(message);
    }
}

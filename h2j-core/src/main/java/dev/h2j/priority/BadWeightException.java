package dev.h2j.priority;

/**
 * A weight outside 1 to 256 (python-hyper {@code priority}'s {@code BadWeightError}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.2">RFC 7540 §5.3.2</a>
 */
public final class BadWeightException extends PriorityException {
    private static final long serialVersionUID = 1L;

    BadWeightException(String message) {
        super(message);
    }
}

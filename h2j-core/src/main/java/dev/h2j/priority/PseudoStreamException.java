package dev.h2j.priority;

/**
 * Stream 0 was used as a stream (python-hyper {@code priority}'s {@code PseudoStreamError}): it is the
 * root of the dependency tree, never a stream that sends, and it cannot be inserted, moved, removed or
 * blocked.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.1">RFC 7540 §5.3.1</a>
 */
public final class PseudoStreamException extends PriorityException {
    private static final long serialVersionUID = 1L;

    PseudoStreamException(String message) {
        super(message);
    }
}

package dev.h2j.priority;

/**
 * A stream would depend on itself (python-hyper {@code priority}'s {@code PriorityLoop}). On the wire
 * this is a stream error PROTOCOL_ERROR (RFC 7540 §5.3.1), which the connection answers before any
 * signal reaches a tree; a dependency on one of the stream's own dependents is no error but the
 * reordering of RFC 7540 §5.3.3.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.1">RFC 7540 §5.3.1</a>
 */
public final class PriorityLoopException extends PriorityException {
    private static final long serialVersionUID = 1L;

    PriorityLoopException(String message) {
        super(message);
    }
}

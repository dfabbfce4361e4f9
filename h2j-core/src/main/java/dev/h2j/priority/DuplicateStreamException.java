package dev.h2j.priority;

/**
 * A stream was inserted or opened twice (python-hyper {@code priority}'s {@code DuplicateStreamError}).
 */
public final class DuplicateStreamException extends PriorityException {
    private static final long serialVersionUID = 1L;

    DuplicateStreamException(String message) {
        super(message);
    }
}

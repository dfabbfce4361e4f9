package dev.h2j.priority;

/**
 * An operation named a stream that is not in the tree or scheduler (python-hyper {@code priority}'s
 * {@code MissingStreamError}).
 */
public final class MissingStreamException extends PriorityException {
    private static final long serialVersionUID = 1L;

    MissingStreamException(String message) {
        super(message);
    }
}

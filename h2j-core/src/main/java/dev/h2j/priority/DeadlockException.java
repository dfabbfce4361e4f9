package dev.h2j.priority;

/**
 * No stream can make progress: every stream in the tree or scheduler is blocked (python-hyper
 * {@code priority}'s {@code DeadlockError}). {@link PriorityTree#next()} throws it; the methods that take
 * a predicate return 0 instead.
 */
public final class DeadlockException extends PriorityException {
    private static final long serialVersionUID = 1L;

    DeadlockException(String message) {
        super(message);
    }
}

package dev.h2j.priority;

/**
 * A refused operation on a {@link PriorityTree} or a {@link Scheduler}: the root of this package's
 * exceptions, as {@code PriorityError} is in python-hyper's {@code priority}. A refused operation changes
 * nothing.
 *
 * <p>These are errors of the caller, not of the peer: a connection reports RFC 7540 signals only after
 * checking their frame rules (a stream that depends on itself is a stream error there, RFC 7540 §5.3.1),
 * and the schedulers a connection feeds ({@link TreeScheduler}, {@link UrgencyScheduler}) drop what they
 * cannot keep instead of throwing.
 */
public abstract class PriorityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, naming the rule
     */
    PriorityException(String message) {
        super(message);
    }
}

package dev.h2j.internal;

import dev.h2j.ErrorScope;
import dev.h2j.frame.ErrorCode;

/**
 * One cell of a transition table: what a state machine does when an input arrives in a state.
 *
 * <p>An allowed cell names the next state and the effect (the internal event the connection acts on);
 * a refused cell names the error code and scope instead, and the machine stays where it was. Every cell
 * names the rule it implements.
 *
 * @param <S> the state type
 * @param <E> the effect type
 * @param next the state after the input; the current state for a refused cell
 * @param effect what happened, for an allowed cell; null for a refused one
 * @param error the error code of a refused cell; null for an allowed one
 * @param scope the scope of a refused cell: {@link ErrorScope#CALLER} for a refused call,
 *     {@link ErrorScope#STREAM} or {@link ErrorScope#CONNECTION} for a peer's error; null when allowed
 * @param rule the rule the cell implements, "RFC 9113 §x.y: ..."
 */
record Transition<S extends Enum<S>, E extends Enum<E>>(S next, E effect, ErrorCode error, ErrorScope scope,
        String rule) {

    /** Whether the input is allowed in this cell. */
    boolean allowed() {
        return error == null;
    }
}

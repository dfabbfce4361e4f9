package dev.h2j.internal;

import dev.h2j.ErrorScope;
import dev.h2j.frame.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A state machine's transitions as data: a {@link Transition} for every (state, input) pair, built
 * once and shared by every instance of the machine. A missing cell is impossible: the builder fills
 * every cell it was not told about from a default rule, so each refusal carries its code and scope.
 *
 * @param <S> the state type
 * @param <I> the input type
 * @param <E> the effect type
 */
final class TransitionTable<S extends Enum<S>, I extends Enum<I>, E extends Enum<E>> {
    private final String name;
    private final Class<S> states;
    private final Class<I> inputs;
    private final Transition<S, E>[][] cells;

    private TransitionTable(String name, Class<S> states, Class<I> inputs, Transition<S, E>[][] cells) {
        this.name = name;
        this.states = states;
        this.inputs = inputs;
        this.cells = cells;
    }

    /** Starts a table for the given state and input types. */
    static <S extends Enum<S>, I extends Enum<I>, E extends Enum<E>> Builder<S, I, E> builder(String name,
            Class<S> states, Class<I> inputs) {
        return new Builder<>(name, states, inputs);
    }

    /** Returns the cell for {@code input} arriving in {@code state}; never null. */
    Transition<S, E> lookup(S state, I input) {
        return cells[state.ordinal()][input.ordinal()];
    }

    /** The table's name, used as the diagram's title. */
    String name() {
        return name;
    }

    /** Every state, in declaration order. */
    S[] states() {
        return states.getEnumConstants();
    }

    /** Every input, in declaration order. */
    I[] inputs() {
        return inputs.getEnumConstants();
    }

    /** Builds a table cell by cell; cells set twice are a bug in the table and throw. */
    static final class Builder<S extends Enum<S>, I extends Enum<I>, E extends Enum<E>> {
        private final String name;
        private final Class<S> states;
        private final Class<I> inputs;
        private final Transition<S, E>[][] cells;
        private final List<String> duplicates = new ArrayList<>();

        @SuppressWarnings("unchecked")
        private Builder(String name, Class<S> states, Class<I> inputs) {
            this.name = name;
            this.states = states;
            this.inputs = inputs;
            this.cells = (Transition<S, E>[][]) new Transition<?, ?>[states.getEnumConstants().length]
                    [inputs.getEnumConstants().length];
        }

        /** Names the inputs of one or more cells in {@code state}. */
        @SafeVarargs
        final Cells on(S state, I first, I... more) {
            List<I> list = new ArrayList<>();
            list.add(first);
            for (I input : more) {
                list.add(input);
            }
            return new Cells(List.of(state), list);
        }

        /** Names the same inputs in several states. */
        Cells on(List<S> stateList, List<I> inputList) {
            return new Cells(stateList, inputList);
        }

        /**
         * Fills every cell not yet set from {@code rule} and returns the finished table.
         *
         * @throws IllegalStateException if a cell was set twice
         */
        TransitionTable<S, I, E> otherwise(BiFunction<S, I, Transition<S, E>> rule) {
            if (!duplicates.isEmpty()) {
                throw new IllegalStateException(name + ": cells set twice: " + duplicates);
            }
            for (S state : states.getEnumConstants()) {
                for (I input : inputs.getEnumConstants()) {
                    if (cells[state.ordinal()][input.ordinal()] == null) {
                        cells[state.ordinal()][input.ordinal()] = Objects.requireNonNull(rule.apply(state, input));
                    }
                }
            }
            return new TransitionTable<>(name, states, inputs, cells);
        }

        private void set(S state, I input, Transition<S, E> transition) {
            if (cells[state.ordinal()][input.ordinal()] != null) {
                duplicates.add(state + " x " + input);
            }
            cells[state.ordinal()][input.ordinal()] = transition;
        }

        /** A selection of cells waiting for what they do. */
        final class Cells {
            private final List<S> stateList;
            private final List<I> inputList;

            private Cells(List<S> stateList, List<I> inputList) {
                this.stateList = stateList;
                this.inputList = inputList;
            }

            /** The inputs move the machine to {@code next} with {@code effect}. */
            Builder<S, I, E> to(S next, E effect, String rule) {
                for (S state : stateList) {
                    for (I input : inputList) {
                        set(state, input, new Transition<>(next, effect, null, null, rule));
                    }
                }
                return Builder.this;
            }

            /** The inputs leave the state as it is, with {@code effect}. */
            Builder<S, I, E> stay(E effect, String rule) {
                for (S state : stateList) {
                    for (I input : inputList) {
                        set(state, input, new Transition<>(state, effect, null, null, rule));
                    }
                }
                return Builder.this;
            }

            /** The inputs are refused with {@code code} in {@code scope}. */
            Builder<S, I, E> fail(ErrorScope scope, ErrorCode code, String rule) {
                for (S state : stateList) {
                    for (I input : inputList) {
                        set(state, input, refusal(state, scope, code, rule));
                    }
                }
                return Builder.this;
            }
        }
    }

    /** A refused cell: the machine stays in {@code state}. */
    static <S extends Enum<S>, E extends Enum<E>> Transition<S, E> refusal(S state, ErrorScope scope, ErrorCode code,
            String rule) {
        return new Transition<>(state, null, code, scope, rule);
    }
}

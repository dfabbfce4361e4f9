package dev.h2j.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the RFC 7540 tree under any sequence of operations, refused ones included: no cycles,
 * every stream reachable from the root, weights in range, never more streams than the limit; a refused
 * operation changes nothing; and {@code next()} picks an unblocked stream all of whose parents are
 * blocked (RFC 7540 §5.3.1), or reports a deadlock exactly when every stream is blocked.
 */
class PriorityTreePropertyTest {

    private static final int MAX_STREAMS = 12;

    /** One operation on the tree; which arguments matter depends on the kind. */
    record Op(Kind kind, int stream, int parent, int weight, boolean exclusive) {
    }

    enum Kind { INSERT, REPRIORITIZE, REMOVE, BLOCK, UNBLOCK, NEXT }

    @Provide
    Arbitrary<List<Op>> operations() {
        // Few ids, so operations meet the same streams often; 0 and bad weights now and then.
        Arbitrary<Integer> ids = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.integers().between(1, 20)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)));
        Arbitrary<Integer> parents = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(10, Arbitraries.integers().between(1, 20)));
        Arbitrary<Integer> weights = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.integers().between(1, 256)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 257)));
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, Kind.INSERT), net.jqwik.api.Tuple.of(5, Kind.REPRIORITIZE),
                net.jqwik.api.Tuple.of(2, Kind.REMOVE), net.jqwik.api.Tuple.of(3, Kind.BLOCK),
                net.jqwik.api.Tuple.of(2, Kind.UNBLOCK), net.jqwik.api.Tuple.of(4, Kind.NEXT));
        return Combinators.combine(kinds, ids, parents, weights, Arbitraries.of(true, false)).as(Op::new)
                .list().ofMaxSize(60);
    }

    @Property(tries = 500)
    void anySequenceKeepsTheTreeSound(@ForAll("operations") List<Op> operations) {
        PriorityTree tree = new PriorityTree(MAX_STREAMS);
        for (Op op : operations) {
            String before = tree.toString();
            try {
                apply(tree, op);
            } catch (PriorityException e) {
                assertThat(tree).as("refused %s", op).hasToString(before);
            }
            assertSound(tree);
        }
    }

    private static void apply(PriorityTree tree, Op op) {
        switch (op.kind()) {
            case INSERT -> tree.insert(op.stream(), op.parent(), op.weight(), op.exclusive());
            case REPRIORITIZE -> tree.reprioritize(op.stream(), op.parent(), op.weight(), op.exclusive());
            case REMOVE -> tree.remove(op.stream());
            case BLOCK -> tree.block(op.stream());
            case UNBLOCK -> tree.unblock(op.stream());
            case NEXT -> checkNext(tree);
        }
    }

    private static void checkNext(PriorityTree tree) {
        boolean anyUnblocked = tree.streamIds().stream().anyMatch(id -> !tree.isBlocked(id));
        int id;
        try {
            id = tree.next();
        } catch (DeadlockException e) {
            assertThat(anyUnblocked).as("deadlock with an unblocked stream in %s", tree).isFalse();
            throw e;
        }
        assertThat(tree.isBlocked(id)).isFalse();
        // RFC 7540 §5.3.1: resources go to a dependent only when its parents cannot make progress.
        for (int parent = tree.dependsOn(id); parent != 0; parent = tree.dependsOn(parent)) {
            assertThat(tree.isBlocked(parent)).as("parent %d of %d in %s", parent, id, tree).isTrue();
        }
    }

    private static void assertSound(PriorityTree tree) {
        List<Integer> ids = tree.streamIds();
        assertThat(ids.size()).isEqualTo(tree.size()).isLessThanOrEqualTo(MAX_STREAMS);
        for (int id : ids) {
            assertThat(tree.weight(id)).isBetween(PriorityTree.MIN_WEIGHT, PriorityTree.MAX_WEIGHT);
            int parent = tree.dependsOn(id);
            assertThat(parent == 0 || tree.contains(parent)).as("parent of %d", id).isTrue();
            assertThat(tree.children(parent)).contains(id);
            // No cycle: the root is reached within as many steps as there are streams.
            int steps = 0;
            for (int up = id; up != 0; up = tree.dependsOn(up)) {
                assertThat(++steps).as("cycle through %d in %s", id, tree).isLessThanOrEqualTo(ids.size());
            }
        }
        List<Integer> reached = new ArrayList<>();
        Deque<Integer> todo = new ArrayDeque<>(tree.children(0));
        while (!todo.isEmpty()) {
            int id = todo.pop();
            reached.add(id);
            todo.addAll(tree.children(id));
        }
        assertThat(reached).as("reachable from the root").containsExactlyInAnyOrderElementsOf(ids);
    }
}

package dev.h2j.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RFC 7540 §5.3 tree: the figures of §5.3.1 and §5.3.3 as trees, removal as §5.3.4 describes it,
 * the order {@code next()} gives, and every error. Trees are compared as {@link PriorityTree#toString()}
 * draws them: {@code id/weight}, {@code !} when blocked, dependents in brackets.
 */
class PriorityTreeTest {

    // The streams of RFC 7540 Figures 3 to 5.
    private static final int A = 1;
    private static final int B = 3;
    private static final int C = 5;
    private static final int D = 7;
    private static final int E = 9;
    private static final int F = 11;
    private static final int X = 13;

    // ---------------------------------------------------------------- RFC 7540 figures

    @Test
    void figure3DefaultDependencyCreationAddsASibling() {
        PriorityTree tree = new PriorityTree();
        tree.insert(A);
        tree.insert(B, A, 16, false);
        tree.insert(C, A, 16, false);

        tree.insert(D, A, 16, false);

        // RFC 7540 §5.3.1 Figure 3: B, C and D all depend on A, in no order.
        assertThat(tree).hasToString("0 [1/16 [3/16, 5/16, 7/16]]");
    }

    @Test
    void figure4ExclusiveDependencyCreationInsertsALevel() {
        PriorityTree tree = new PriorityTree();
        tree.insert(A);
        tree.insert(B, A, 16, false);
        tree.insert(C, A, 16, false);

        tree.insert(D, A, 16, true);

        // RFC 7540 §5.3.1 Figure 4: D becomes A's only dependent, and the parent of B and C.
        assertThat(tree).hasToString("0 [1/16 [7/16 [3/16, 5/16]]]");
    }

    /** RFC 7540 §5.3.3 Figure 5, before: x, A under x, B and C under A, D and E under C, F under D. */
    private static PriorityTree figure5() {
        PriorityTree tree = new PriorityTree();
        tree.insert(X);
        tree.insert(A, X, 16, false);
        tree.insert(B, A, 12, false);
        tree.insert(C, A, 20, false);
        tree.insert(D, C, 16, false);
        tree.insert(E, C, 8, false);
        tree.insert(F, D, 16, false);
        assertThat(tree).hasToString("0 [13/16 [1/16 [3/12, 5/20 [7/16 [11/16], 9/8]]]]");
        return tree;
    }

    @Test
    void figure5NonExclusiveReprioritizationMovesTheDependentUpFirst() {
        PriorityTree tree = figure5();

        tree.reprioritize(A, D, 16, false);

        // RFC 7540 §5.3.3: D takes A's place under x, keeping its weight; A goes under D beside F.
        assertThat(tree).hasToString("0 [13/16 [7/16 [1/16 [3/12, 5/20 [9/8]], 11/16]]]");
    }

    @Test
    void figure5ExclusiveReprioritizationAlsoAdoptsTheNewParentsDependents() {
        PriorityTree tree = figure5();

        tree.reprioritize(A, D, 16, true);

        // RFC 7540 §5.3.3: with the exclusive flag, F becomes A's dependent too.
        assertThat(tree).hasToString("0 [13/16 [7/16 [1/16 [3/12, 5/20 [9/8], 11/16]]]]");
    }

    @Test
    void reprioritizationMovesTheDependentsWithTheStream() {
        PriorityTree tree = figure5();

        tree.reprioritize(C, 0, 64, false);

        // RFC 7540 §5.3.3: dependent streams move with their parent.
        assertThat(tree).hasToString("0 [5/64 [7/16 [11/16], 9/8], 13/16 [1/16 [3/12]]]");
    }

    @Test
    void anExclusiveDependencyOnTheRootAdoptsEveryStream() {
        PriorityTree tree = new PriorityTree();
        tree.insert(A);
        tree.insert(B);

        tree.insert(C, 0, 16, true);

        assertThat(tree).hasToString("0 [5/16 [1/16, 3/16]]");
    }

    // ---------------------------------------------------------------- RFC 7540 §5.3.4 removal

    @Test
    void removalMovesTheDependentsUpAndSharesTheWeight() {
        PriorityTree tree = figure5();

        tree.remove(C);

        // RFC 7540 §5.3.4: C's weight 20 shared 16:8 between D and E: 13 and 6 (rounded down).
        assertThat(tree).hasToString("0 [13/16 [1/16 [3/12, 7/13 [11/16], 9/6]]]");
    }

    @Test
    void removalGivesEveryDependentAWeightOfAtLeastOne() {
        PriorityTree tree = new PriorityTree();
        tree.insert(A, 0, 1, false);
        tree.insert(B, A, 200, false);
        tree.insert(C, A, 56, false);

        tree.remove(A);

        assertThat(tree).hasToString("0 [3/1, 5/1]");
    }

    @Test
    void removingALeafLeavesTheRestAsItWas() {
        PriorityTree tree = figure5();

        tree.remove(F);

        assertThat(tree).hasToString("0 [13/16 [1/16 [3/12, 5/20 [7/16, 9/8]]]]");
        assertThat(tree.contains(F)).isFalse();
        assertThat(tree.size()).isEqualTo(6);
    }

    @Test
    void theRemovalExampleOfSection534GivesCOneThirdInsteadOfOneHalf() {
        // RFC 7540 §5.3.4: A and B share a parent; C and D depend on A; A and D cannot proceed.
        PriorityTree tree = new PriorityTree();
        tree.insert(A);
        tree.insert(B);
        tree.insert(C, A, 16, false);
        tree.insert(D, A, 16, false);
        tree.block(A);
        tree.block(D);
        assertThat(turns(tree, 300)).containsExactly(0, 150, 150, 0);

        tree.remove(A);

        // "For equal starting weights, C receives one third, rather than one half, of available resources."
        assertThat(turns(tree, 300)).containsExactly(0, 200, 100, 0);
    }

    /** How many of {@code calls} turns streams A, B, C and D got. */
    private static List<Integer> turns(PriorityTree tree, int calls) {
        int[] counts = new int[4];
        for (int i = 0; i < calls; i++) {
            counts[tree.next() / 2]++;
        }
        List<Integer> list = new ArrayList<>();
        for (int count : counts) {
            list.add(count);
        }
        return list;
    }

    // ---------------------------------------------------------------- the order of next()

    /** The tree of python-hyper priority's README: 1, 3 and 7 (weight 32) at the root, 5 under 1, 11 under 7, 9 under 11. */
    private static PriorityTree readmeTree() {
        PriorityTree tree = new PriorityTree();
        tree.insert(1);
        tree.insert(3);
        tree.insert(5, 1, 16, false);
        tree.insert(7, 0, 32, false);
        tree.insert(9, 7, 8, false);
        tree.insert(11, 7, 16, true);
        assertThat(tree).hasToString("0 [1/16 [5/16], 3/16, 7/32 [11/16 [9/8]]]");
        return tree;
    }

    @Test
    void siblingsTakeTurnsByWeightAndDependentsWait() {
        PriorityTree tree = readmeTree();

        assertThat(next(tree, 12)).containsExactly(1, 3, 7, 7, 1, 3, 7, 7, 1, 3, 7, 7);
    }

    /**
     * The expectations of python-hyper priority's {@code test_can_reprioritize_a_stream}: the README
     * tree, some streams blocked, one stream reprioritized, then nine turns.
     */
    static Stream<Arguments> reprioritizations() {
        return Stream.of(
                Arguments.of(1, 3, false, 16, List.of(), List.of(3, 7, 7, 3, 7, 7, 3, 7, 7)),
                Arguments.of(1, 5, false, 16, List.of(), List.of(3, 5, 7, 7, 3, 5, 7, 7, 3)),
                Arguments.of(1, 5, false, 16, List.of(5), List.of(3, 1, 7, 7, 3, 1, 7, 7, 3)),
                Arguments.of(5, 7, false, 16, List.of(7, 1), List.of(3, 5, 11, 3, 5, 11, 3, 5, 11)),
                Arguments.of(11, 0, false, 16, List.of(), List.of(1, 3, 7, 11, 7, 1, 3, 7, 11)),
                Arguments.of(11, 0, false, 16, List.of(11), List.of(1, 3, 7, 9, 7, 1, 3, 7, 9)),
                Arguments.of(7, 9, false, 16, List.of(), List.of(1, 3, 9, 1, 3, 1, 3, 9, 1)),
                Arguments.of(7, 1, true, 16, List.of(), List.of(1, 3, 1, 3, 1, 3, 1, 3, 1)),
                Arguments.of(7, 1, true, 16, List.of(1), List.of(7, 3, 7, 3, 7, 3, 7, 3, 7)),
                Arguments.of(7, 1, true, 16, List.of(1, 7), List.of(5, 3, 11, 3, 5, 3, 11, 3, 5)),
                Arguments.of(1, 0, false, 32, List.of(), List.of(1, 3, 7, 1, 7, 1, 3, 7, 1)));
    }

    @ParameterizedTest(name = "reprioritize {0} under {1} (exclusive {2}, weight {3}) with {4} blocked")
    @MethodSource("reprioritizations")
    void reprioritizationChangesTheOrder(int stream, int parent, boolean exclusive, int weight, List<Integer> blocked,
            List<Integer> expected) {
        PriorityTree tree = readmeTree();
        blocked.forEach(tree::block);

        tree.reprioritize(stream, parent, weight, exclusive);

        assertThat(next(tree, expected.size())).isEqualTo(expected);
    }

    @Test
    void aBlockedStreamsTurnsGoToItsDependents() {
        PriorityTree tree = readmeTree();
        tree.block(7);

        // RFC 7540 §5.3.1: 11 sends for 7; 9, under 11, still waits.
        assertThat(next(tree, 8)).containsExactly(1, 3, 11, 11, 1, 3, 11, 11);
    }

    @Test
    void anUnblockedStreamRejoinsWithoutCreditForTheTimeItWaited() {
        PriorityTree tree = new PriorityTree();
        tree.insert(1);
        tree.insert(3);
        tree.block(3);
        next(tree, 50);

        tree.unblock(3);

        assertThat(next(tree, 6)).containsExactly(3, 1, 3, 1, 3, 1);
    }

    @Test
    void blockingAndUnblockingTwiceIsHarmless() {
        PriorityTree tree = readmeTree();
        tree.block(1);
        tree.block(1);
        tree.unblock(1);
        tree.unblock(1);

        assertThat(tree.isBlocked(1)).isFalse();
        assertThat(next(tree, 4)).containsExactly(1, 3, 7, 7);
    }

    @ParameterizedTest(name = "exclusive {0}")
    @ValueSource(booleans = {false, true})
    void anAbsentParentIsInsertedBlockedWithTheDefaultPriority(boolean exclusive) {
        PriorityTree tree = new PriorityTree();

        tree.insert(3, 1, 32, exclusive);

        assertThat(tree).hasToString("0 [1/16! [3/32]]");
        assertThat(next(tree, 10)).containsOnly(3);
        tree.unblock(1);
        assertThat(next(tree, 10)).containsOnly(1);
        tree.insert(5);
        assertThat(next(tree, 10)).containsExactly(5, 1, 5, 1, 5, 1, 5, 1, 5, 1);
    }

    @ParameterizedTest(name = "exclusive {0}")
    @ValueSource(booleans = {false, true})
    void reprioritizingUnderAnAbsentParentInsertsIt(boolean exclusive) {
        PriorityTree tree = new PriorityTree();
        tree.insert(3);

        tree.reprioritize(3, 1, 32, exclusive);

        assertThat(tree).hasToString("0 [1/16! [3/32]]");
        assertThat(next(tree, 10)).containsOnly(3);
    }

    @Test
    void aPredicateSkipsAStreamForOneCallAndItKeepsItsPlace() {
        PriorityTree tree = readmeTree();

        // 1 cannot send: its dependent 5 goes in its place.
        assertThat(tree.next(id -> id != 1)).isEqualTo(5);
        assertThat(next(tree, 6)).containsExactly(3, 7, 7, 1, 3, 7);
        assertThat(tree.next(id -> false)).isZero();
        assertThat(tree.next(id -> id == 9)).isEqualTo(9);
    }

    @Test
    void aDeepChainSendsFromTheFirstStreamThatCanSend() {
        PriorityTree tree = new PriorityTree();
        // Each stream an exclusive dependent of the one before, as some browsers build their trees.
        tree.insert(1);
        for (int id = 3; id < 200; id += 2) {
            tree.insert(id, id - 2, 16, true);
        }
        for (int id = 1; id < 197; id += 2) {
            tree.block(id);
        }

        assertThat(next(tree, 3)).containsOnly(197);
        assertThat(tree.next(id -> id != 197)).isEqualTo(199);
        tree.unblock(5);
        assertThat(tree.next()).isEqualTo(5);
    }

    @Test
    void inspectionMethodsDescribeTheTree() {
        PriorityTree tree = readmeTree();
        tree.block(3);

        assertThat(tree.size()).isEqualTo(6);
        assertThat(tree.maxStreams()).isEqualTo(PriorityTree.DEFAULT_MAX_STREAMS);
        assertThat(tree.streamIds()).containsExactly(1, 3, 5, 7, 9, 11);
        assertThat(tree.children(0)).containsExactly(1, 3, 7);
        assertThat(tree.children(7)).containsExactly(11);
        assertThat(tree.dependsOn(9)).isEqualTo(11);
        assertThat(tree.weight(7)).isEqualTo(32);
        assertThat(tree.isBlocked(3)).isTrue();
        assertThat(tree.contains(0)).isFalse();
        assertThat(tree.contains(13)).isFalse();
        assertThat(new PriorityTree()).hasToString("0");
    }

    private static List<Integer> next(PriorityTree tree, int calls) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            ids.add(tree.next());
        }
        return ids;
    }

    // ---------------------------------------------------------------- errors

    @Test
    void insertingAStreamTwiceIsADuplicateStream() {
        PriorityTree tree = readmeTree();

        refused(tree, () -> tree.insert(5), DuplicateStreamException.class, "already in the priority tree");
    }

    @Test
    void operationsOnAnAbsentStreamAreMissingStream() {
        PriorityTree tree = readmeTree();

        refused(tree, () -> tree.reprioritize(13, 0, 16, false), MissingStreamException.class, "13");
        refused(tree, () -> tree.remove(13), MissingStreamException.class, "13");
        refused(tree, () -> tree.block(13), MissingStreamException.class, "13");
        refused(tree, () -> tree.unblock(13), MissingStreamException.class, "13");
        refused(tree, () -> tree.dependsOn(13), MissingStreamException.class, "13");
        refused(tree, () -> tree.children(13), MissingStreamException.class, "13");
    }

    @ParameterizedTest(name = "weight {0}")
    @ValueSource(ints = {0, -1, 257, 1000})
    void weightsOutside1To256AreBadWeights(int weight) {
        PriorityTree tree = readmeTree();

        refused(tree, () -> tree.insert(13, 0, weight, false), BadWeightException.class, "RFC 7540 §5.3.2");
        refused(tree, () -> tree.reprioritize(1, 0, weight, false), BadWeightException.class, "RFC 7540 §5.3.2");
    }

    @Test
    void weights1And256AreAllowed() {
        PriorityTree tree = new PriorityTree();
        tree.insert(1, 0, 1, false);
        tree.insert(3, 0, 256, false);

        assertThat(tree).hasToString("0 [1/1, 3/256]");
    }

    @Test
    void streamZeroIsTheRootNotAStream() {
        PriorityTree tree = readmeTree();

        refused(tree, () -> tree.insert(0), PseudoStreamException.class, "RFC 7540 §5.3.1");
        refused(tree, () -> tree.reprioritize(0, 1, 16, false), PseudoStreamException.class, "stream 0");
        refused(tree, () -> tree.remove(0), PseudoStreamException.class, "stream 0");
        refused(tree, () -> tree.block(0), PseudoStreamException.class, "stream 0");
        refused(tree, () -> tree.unblock(0), PseudoStreamException.class, "stream 0");
        refused(tree, () -> tree.weight(0), PseudoStreamException.class, "stream 0");
    }

    @Test
    void aStreamThatDependsOnItselfIsAPriorityLoop() {
        PriorityTree tree = readmeTree();

        // RFC 7540 §5.3.1: on the wire, a stream error PROTOCOL_ERROR.
        refused(tree, () -> tree.insert(13, 13, 16, false), PriorityLoopException.class, "RFC 7540 §5.3.1");
        refused(tree, () -> tree.reprioritize(5, 5, 16, true), PriorityLoopException.class, "depend on itself");
    }

    @Test
    void negativeIdsAreRefused() {
        PriorityTree tree = readmeTree();

        refused(tree, () -> tree.insert(-1), IllegalArgumentException.class, "RFC 9113 §5.1.1");
        refused(tree, () -> tree.insert(13, -1, 16, false), IllegalArgumentException.class, "RFC 9113 §6.3");
        assertThatThrownBy(() -> new PriorityTree(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullTreeRefusesMoreStreams() {
        PriorityTree tree = new PriorityTree(3);
        tree.insert(1);
        tree.insert(3);
        tree.insert(5);

        refused(tree, () -> tree.insert(7), TooManyStreamsException.class, "at most 3 streams");
        tree.remove(3);
        // One slot, but stream 9 needs two: itself and its absent parent 11.
        refused(tree, () -> tree.insert(9, 11, 16, false), TooManyStreamsException.class, "2 more do not fit");
        tree.insert(7);
        refused(tree, () -> tree.reprioritize(7, 11, 16, false), TooManyStreamsException.class, "1 more");
        assertThat(tree.size()).isEqualTo(3);
    }

    @Test
    void theDefaultLimitIs1000Streams() {
        PriorityTree tree = new PriorityTree();
        for (int id = 1; id <= 1000; id++) {
            tree.insert(id);
        }

        refused(tree, () -> tree.insert(1001), TooManyStreamsException.class, "at most 1000 streams");
    }

    @Test
    void noStreamToSendIsADeadlock() {
        PriorityTree tree = readmeTree();
        for (int id = 1; id <= 11; id += 2) {
            tree.block(id);
        }

        assertThatThrownBy(tree::next).isInstanceOf(DeadlockException.class).hasMessageContaining("all 6 are blocked");
        assertThatThrownBy(new PriorityTree()::next).isInstanceOf(DeadlockException.class);
        assertThat(tree.next(id -> true)).isZero();
    }

    /** Asserts that {@code call} throws {@code type} with {@code message} and leaves the tree as it was. */
    private static void refused(PriorityTree tree, ThrowingCallable call, Class<? extends Exception> type,
            String message) {
        String before = tree.toString();
        int size = tree.size();
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(message);
        assertThat(tree).hasToString(before);
        assertThat(tree.size()).isEqualTo(size);
    }
}

package dev.h2j.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 7540 §5.3.2: siblings get turns in proportion to their weights. Measured over many
 * {@code next()} calls; each stream's share must be within {@value #TOLERANCE} of its weight's share
 * (stride scheduling is exact over a whole period, so the tolerance only covers the partial period at
 * the end).
 */
class PriorityTreeFairnessTest {

    private static final double TOLERANCE = 0.005;

    @Test
    void weight32GetsTwiceTheTurnsOfWeight16() {
        PriorityTree tree = new PriorityTree();
        tree.insert(1, 0, 16, false);
        tree.insert(3, 0, 32, false);

        Map<Integer, Integer> turns = turns(tree, 30_000);

        assertThat(turns.get(3) / (double) turns.get(1)).isCloseTo(2.0, within(0.01));
    }

    @Test
    void theRfcExampleGivesBOneThirdOfWhatCGets() {
        // RFC 7540 §5.3.2: B weight 4, C weight 12, both on A, which cannot make progress.
        PriorityTree tree = new PriorityTree();
        tree.insert(1);
        tree.insert(3, 1, 4, false);
        tree.insert(5, 1, 12, false);
        tree.block(1);

        Map<Integer, Integer> turns = turns(tree, 16_000);

        assertThat(turns.get(3) / (double) turns.get(5)).isCloseTo(1 / 3.0, within(0.01));
    }

    @Test
    void randomWeightsGetTheirShare() {
        Random random = new Random(7540);
        for (int round = 0; round < 20; round++) {
            PriorityTree tree = new PriorityTree();
            int streams = 2 + random.nextInt(15);
            Map<Integer, Integer> weights = new HashMap<>();
            int sum = 0;
            for (int i = 0; i < streams; i++) {
                int id = 2 * i + 1;
                int weight = 1 + random.nextInt(256);
                tree.insert(id, 0, weight, false);
                weights.put(id, weight);
                sum += weight;
            }
            int calls = 50 * sum;

            Map<Integer, Integer> turns = turns(tree, calls);

            for (Map.Entry<Integer, Integer> stream : weights.entrySet()) {
                assertThat(turns.getOrDefault(stream.getKey(), 0) / (double) calls).as("weights %s", weights)
                        .isCloseTo(stream.getValue() / (double) sum, within(TOLERANCE));
            }
        }
    }

    @Test
    void aBlockedParentsShareIsSplitAmongItsDependentsByWeight() {
        // 1 and 3 share the root equally; 1 is blocked, so 5 (weight 8) and 7 (weight 24) split its half.
        PriorityTree tree = new PriorityTree();
        tree.insert(1);
        tree.insert(3);
        tree.insert(5, 1, 8, false);
        tree.insert(7, 1, 24, false);
        tree.block(1);

        Map<Integer, Integer> turns = turns(tree, 32_000);

        assertThat(turns.get(3) / 32_000.0).isCloseTo(0.5, within(TOLERANCE));
        assertThat(turns.get(5) / 32_000.0).isCloseTo(0.125, within(TOLERANCE));
        assertThat(turns.get(7) / 32_000.0).isCloseTo(0.375, within(TOLERANCE));
        assertThat(turns).doesNotContainKey(1);
    }

    @Test
    void anUnblockedParentTakesAllOfItsShareFromItsDependents() {
        PriorityTree tree = new PriorityTree();
        tree.insert(1);
        tree.insert(3);
        tree.insert(5, 1, 256, false);

        Map<Integer, Integer> turns = turns(tree, 1000);

        // RFC 7540 §5.3.1: 5 gets nothing while 1 can make progress, whatever its weight.
        assertThat(turns).containsOnlyKeys(1, 3).containsEntry(1, 500).containsEntry(3, 500);
    }

    private static Map<Integer, Integer> turns(PriorityTree tree, int calls) {
        Map<Integer, Integer> turns = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            turns.merge(tree.next(), 1, Integer::sum);
        }
        return turns;
    }
}

package dev.h2j.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The RFC 7540 scheduler: open streams and placeholders in one bounded tree, signals that never throw
 * for being too many, and the tree's order for the ready streams.
 */
class TreeSchedulerTest {

    private static final IntPredicate ANY = id -> true;

    private static TreeScheduler readyStreams(int... ids) {
        TreeScheduler scheduler = new TreeScheduler();
        for (int id : ids) {
            scheduler.open(id, Priority.DEFAULT);
            scheduler.ready(id);
        }
        return scheduler;
    }

    private static List<Integer> next(Scheduler scheduler, int calls) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            ids.add(scheduler.next(ANY));
        }
        return ids;
    }

    @Test
    void openStreamsShareByWeightOnceReady() {
        TreeScheduler scheduler = new TreeScheduler();
        scheduler.open(1, Priority.DEFAULT);
        scheduler.open(3, Priority.DEFAULT);
        scheduler.prioritize(3, 0, 32, false);

        assertThat(scheduler.next(ANY)).isEqualTo(Scheduler.NONE);
        scheduler.ready(1);
        scheduler.ready(3);
        assertThat(next(scheduler, 6)).containsExactly(1, 3, 3, 1, 3, 3);
        assertThat(scheduler).hasToString("0 [1/16, 3/32]");
    }

    @Test
    void aDependentSendsOnlyWhileItsParentCannot() {
        TreeScheduler scheduler = readyStreams(1, 3);
        scheduler.prioritize(3, 1, 16, false);

        assertThat(next(scheduler, 3)).containsOnly(1);
        scheduler.idle(1);
        assertThat(next(scheduler, 3)).containsOnly(3);
        scheduler.ready(1);
        // A shut window counts as blocked for that call: the dependent goes instead.
        assertThat(scheduler.next(id -> id != 1)).isEqualTo(3);
        assertThat(scheduler.next(ANY)).isEqualTo(1);
    }

    @Test
    void anIdleStreamNamedBySignalsIsAPlaceholderThatNeverSends() {
        TreeScheduler scheduler = new TreeScheduler();

        // RFC 7540 §5.3.4: idle streams 3 and 5 as grouping nodes, as browsers sent them.
        scheduler.prioritize(3, 0, 201, false);
        scheduler.prioritize(5, 0, 101, false);
        scheduler.prioritize(7, 3, 16, false);
        assertThat(scheduler).hasToString("0 [3/201! [7/16!], 5/101!]");
        assertThat(scheduler.next(ANY)).isZero();

        scheduler.open(7, Priority.DEFAULT);
        scheduler.open(9, Priority.DEFAULT);
        scheduler.prioritize(9, 5, 16, false);
        scheduler.ready(7);
        scheduler.ready(9);
        // The opened stream keeps the place its signal gave it; the groups share 201:101.
        assertThat(scheduler).hasToString("0 [3/201! [7/16], 5/101! [9/16]]");
        List<Integer> turns = next(scheduler, 302);
        assertThat(turns.stream().filter(id -> id == 7)).hasSize(201);
        assertThat(turns.stream().filter(id -> id == 9)).hasSize(101);
        assertThat(scheduler.isOpen(7)).isTrue();
        assertThat(scheduler.isOpen(3)).isFalse();
    }

    @Test
    void closingAStreamMovesItsDependentsUp() {
        TreeScheduler scheduler = readyStreams(1, 3, 5);
        scheduler.prioritize(3, 1, 16, false);
        scheduler.prioritize(5, 1, 16, false);

        scheduler.close(1);

        assertThat(scheduler).hasToString("0 [3/8, 5/8]");
        assertThat(scheduler.size()).isEqualTo(2);
        assertThatThrownBy(() -> scheduler.ready(1)).isInstanceOf(MissingStreamException.class);
    }

    @Test
    void openingAStreamInAFullTreeDropsThePlaceholderWithTheLowestId() {
        TreeScheduler scheduler = new TreeScheduler(3);
        scheduler.prioritize(5, 0, 16, false);
        scheduler.prioritize(3, 0, 16, false);
        scheduler.open(1, Priority.DEFAULT);

        scheduler.open(7, Priority.DEFAULT);

        assertThat(scheduler).hasToString("0 [1/16!, 5/16!, 7/16!]");
        scheduler.open(9, Priority.DEFAULT);
        assertThat(scheduler).hasToString("0 [1/16!, 7/16!, 9/16!]");
        assertThatThrownBy(() -> scheduler.open(11, Priority.DEFAULT)).isInstanceOf(TooManyStreamsException.class)
                .hasMessageContaining("all of them are open");
        assertThat(scheduler.size()).isEqualTo(3);
    }

    @Test
    void signalsThatDoNotFitAreDroppedNotThrown() {
        TreeScheduler scheduler = new TreeScheduler(3);
        scheduler.open(1, Priority.DEFAULT);
        scheduler.open(3, Priority.DEFAULT);
        scheduler.prioritize(5, 0, 16, false);

        // Full: a new placeholder is dropped (RFC 7540 §5.3.4 lets priority state be discarded) ...
        scheduler.prioritize(7, 0, 99, false);
        assertThat(scheduler).hasToString("0 [1/16!, 3/16!, 5/16!]");
        // ... a signal within the tree applies ...
        scheduler.prioritize(3, 1, 99, true);
        assertThat(scheduler).hasToString("0 [1/16! [3/99!], 5/16!]");
        // ... and a dependency on a stream without state gives the default priority (RFC 7540 §5.3.4).
        scheduler.prioritize(3, 9, 99, true);
        assertThat(scheduler).hasToString("0 [1/16!, 3/16!, 5/16!]");
        scheduler.close(1);
        // Room for one, but the signal needs two (itself and its parent 11): dropped.
        scheduler.prioritize(9, 11, 99, false);
        assertThat(scheduler).hasToString("0 [3/16!, 5/16!]");
        scheduler.prioritize(9, 5, 99, false);
        assertThat(scheduler).hasToString("0 [3/16!, 5/16! [9/99!]]");
    }

    @Test
    void rfc9218SignalsAreIgnored() {
        TreeScheduler scheduler = readyStreams(1, 3);

        scheduler.prioritize(3, new Priority(0, true));
        scheduler.prioritize(5, Priority.DEFAULT);

        assertThat(next(scheduler, 4)).containsExactly(1, 3, 1, 3);
        assertThat(scheduler.size()).isEqualTo(2);
    }

    @Test
    void misuseIsRefused() {
        TreeScheduler scheduler = readyStreams(1);

        assertThatThrownBy(() -> scheduler.open(1, Priority.DEFAULT)).isInstanceOf(DuplicateStreamException.class);
        assertThatThrownBy(() -> scheduler.close(3)).isInstanceOf(MissingStreamException.class);
        assertThatThrownBy(() -> scheduler.idle(3)).isInstanceOf(MissingStreamException.class);
        assertThatThrownBy(() -> scheduler.ready(0)).isInstanceOf(PseudoStreamException.class);
        assertThatThrownBy(() -> scheduler.prioritize(0, Priority.DEFAULT)).isInstanceOf(PseudoStreamException.class);
        assertThatThrownBy(() -> scheduler.prioritize(3, 3, 16, false)).isInstanceOf(PriorityLoopException.class);
        assertThatThrownBy(() -> scheduler.prioritize(3, 1, 0, false)).isInstanceOf(BadWeightException.class);
        assertThatThrownBy(() -> scheduler.prioritize(3, -1, 16, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.open(3, null)).isInstanceOf(NullPointerException.class);
        assertThat(scheduler.maxStreams()).isEqualTo(PriorityTree.DEFAULT_MAX_STREAMS);
        assertThat(scheduler.size()).isEqualTo(1);
    }

    /** One signal or call, with arguments the peer could send. */
    record Op(int kind, int stream, int parent, int weight, boolean exclusive) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 60),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(1, 256),
                Arbitraries.of(true, false)).as(Op::new).list().ofMaxSize(100);
    }

    @Property(tries = 300)
    void peerSignalsNeverThrowAndNeverPassTheLimit(@ForAll("operations") List<Op> operations) {
        TreeScheduler scheduler = new TreeScheduler(10);
        List<Integer> open = new ArrayList<>();
        for (Op op : operations) {
            switch (op.kind()) {
                case 0 -> {
                    // The connection opens at most as many streams as the limit; the test does the same.
                    if (!open.contains(op.stream()) && open.size() < 10) {
                        scheduler.open(op.stream(), Priority.DEFAULT);
                        open.add(op.stream());
                    }
                }
                case 1 -> {
                    if (open.remove(Integer.valueOf(op.stream()))) {
                        scheduler.close(op.stream());
                    }
                }
                case 2 -> {
                    if (open.contains(op.stream())) {
                        scheduler.ready(op.stream());
                    }
                }
                case 3 -> {
                    int id = scheduler.next(ANY);
                    assertThat(id == 0 || open.contains(id)).as("%d sends in %s", id, scheduler).isTrue();
                }
                default -> {
                    if (op.parent() != op.stream()) {
                        scheduler.prioritize(op.stream(), op.parent(), op.weight(), op.exclusive());
                    }
                }
            }
            assertThat(scheduler.size()).isLessThanOrEqualTo(10);
            for (int id : open) {
                assertThat(scheduler.isOpen(id)).isTrue();
            }
        }
    }
}

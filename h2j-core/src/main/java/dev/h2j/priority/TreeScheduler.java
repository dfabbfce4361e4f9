package dev.h2j.priority;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A {@link Scheduler} for the RFC 7540 §5.3 scheme, backed by a {@link PriorityTree}: a ready stream
 * shares with its siblings in proportion to weight, and its dependents send only while it cannot.
 *
 * <p>The tree holds the open streams and placeholders: streams the peer named in RFC 7540 signals
 * before opening them (idle streams as grouping nodes, RFC 7540 §5.3.4), or that were named as
 * parents. A placeholder never sends. An opened stream takes the place of its placeholder, keeping the
 * priority the signals gave it, and starts with the default priority otherwise (RFC 7540 §5.3.5). A
 * closed stream leaves the tree, its dependents moving up with its weight shared among them (RFC 7540
 * §5.3.4); a later signal naming it as a parent makes a new placeholder. RFC 9218 signals are ignored.
 *
 * <p>Memory is bounded by {@link #maxStreams()} streams, open and placeholders together, whatever the
 * peer sends (CVE-2016-6580, CVE-2019-9513), and signals never throw because the tree is full: RFC 7540
 * §5.3.4 lets an endpoint discard prioritization state under load. When the tree is full, opening a
 * stream drops the placeholder with the lowest stream id to make room; a signal for a stream not in the
 * tree is dropped; and a signal whose parent is not in the tree gives the stream the default priority
 * instead (RFC 7540 §5.3.4). Size the limit to at least SETTINGS_MAX_CONCURRENT_STREAMS, as RFC 7540
 * §5.3.4 asks; only open streams beyond the limit are refused ({@link TooManyStreamsException}).
 *
 * <p>Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3">RFC 7540 §5.3</a>
 */
public final class TreeScheduler implements Scheduler {

    private final PriorityTree tree;
    private final Set<Integer> open = new HashSet<>();

    /** Creates a scheduler for at most {@value PriorityTree#DEFAULT_MAX_STREAMS} streams. */
    public TreeScheduler() {
        this(PriorityTree.DEFAULT_MAX_STREAMS);
    }

    /**
     * Creates a scheduler for at most {@code maxStreams} streams, open and placeholders together.
     *
     * @param maxStreams the limit, 1 or more
     * @throws IllegalArgumentException if {@code maxStreams} is below 1
     */
    public TreeScheduler(int maxStreams) {
        this.tree = new PriorityTree(maxStreams);
    }

    /**
     * Returns the most streams the scheduler keeps, open and placeholders together.
     *
     * @return the limit
     */
    public int maxStreams() {
        return tree.maxStreams();
    }

    /**
     * Returns how many streams the tree holds, open and placeholders together.
     *
     * @return the count, at most {@link #maxStreams()}
     */
    public int size() {
        return tree.size();
    }

    /**
     * Opens a stream, blocked until {@link #ready(int)}; a placeholder for it becomes the stream. The
     * RFC 9218 {@code priority} is ignored.
     *
     * @throws TooManyStreamsException if the tree is full of open streams
     */
    @Override
    public void open(int streamId, Priority priority) {
        Objects.requireNonNull(priority, "priority");
        Checks.stream(streamId);
        if (open.contains(streamId)) {
            throw new DuplicateStreamException("stream " + streamId + " is already open in the scheduler");
        }
        if (!tree.contains(streamId)) {
            if (tree.size() == tree.maxStreams()) {
                dropPlaceholder();
            }
            tree.insert(streamId);
            tree.block(streamId);
        }
        open.add(streamId);
    }

    /** Drops the placeholder with the lowest stream id, or refuses when every stream is open. */
    private void dropPlaceholder() {
        for (int id : tree.streamIds()) {
            if (!open.contains(id)) {
                // RFC 7540 §5.3.4: under load, prioritization state can be discarded.
                tree.remove(id);
                return;
            }
        }
        throw new TooManyStreamsException("RFC 7540 §5.3.4: the scheduler keeps at most " + tree.maxStreams()
                + " streams and all of them are open");
    }

    @Override
    public void close(int streamId) {
        checkOpen(streamId);
        tree.remove(streamId);
        open.remove(streamId);
    }

    @Override
    public boolean isOpen(int streamId) {
        return open.contains(streamId);
    }

    @Override
    public void ready(int streamId) {
        checkOpen(streamId);
        tree.unblock(streamId);
    }

    @Override
    public void idle(int streamId) {
        checkOpen(streamId);
        tree.block(streamId);
    }

    /** Ignored: RFC 9218 signals belong to the other scheme. */
    @Override
    public void prioritize(int streamId, Priority priority) {
        Objects.requireNonNull(priority, "priority");
        Checks.stream(streamId);
    }

    /**
     * Moves the stream in the tree (RFC 7540 §5.3.3), or inserts a placeholder for a stream that is not
     * in it. Within the stream limit this never throws for a valid signal; see the class description
     * for what is dropped when the tree is full.
     */
    @Override
    public void prioritize(int streamId, int dependsOn, int weight, boolean exclusive) {
        Checks.stream(streamId);
        Checks.dependency(streamId, dependsOn);
        Checks.weight(weight);
        boolean parentAbsent = dependsOn != 0 && !tree.contains(dependsOn);
        int room = tree.maxStreams() - tree.size();
        if (tree.contains(streamId)) {
            if (parentAbsent && room == 0) {
                // RFC 7540 §5.3.4: a dependency on a stream without priority state gives the default priority.
                tree.reprioritize(streamId, 0, PriorityTree.DEFAULT_WEIGHT, false);
            } else {
                tree.reprioritize(streamId, dependsOn, weight, exclusive);
            }
        } else if (room >= (parentAbsent ? 2 : 1)) {
            // RFC 7540 §5.3.4: an idle stream can be given a priority, and act as a grouping node.
            tree.insert(streamId, dependsOn, weight, exclusive);
            tree.block(streamId);
        }
    }

    @Override
    public int next(IntPredicate canSend) {
        return tree.next(canSend);
    }

    private void checkOpen(int streamId) {
        Checks.stream(streamId);
        if (!open.contains(streamId)) {
            throw new MissingStreamException("stream " + streamId + " is not open in the scheduler");
        }
    }

    /**
     * Returns the tree as {@link PriorityTree#toString()} draws it; placeholders and streams with nothing
     * to send are blocked.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return tree.toString();
    }
}

package dev.h2j.priority;

import dev.h2j.collect.IdTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * The RFC 7540 §5.3 stream dependency tree, and the order in which its streams send: what
 * python-hyper's {@code priority} library does, with the same operations and errors.
 *
 * <p>Stream 0 is the root. Each stream depends on a parent with a weight from 1 to 256; an exclusive
 * dependency makes the stream the parent's only child, adopting the children it had (RFC 7540
 * §5.3.1). {@link #next()} names the stream that should send next: among the children of a parent,
 * each gets turns in proportion to its weight (RFC 7540 §5.3.2: over time a stream of weight 32 gets
 * twice the turns of one of weight 16), and a stream's dependents get turns only while the stream
 * itself is {@linkplain #block blocked} (RFC 7540 §5.3.1: resources go to a dependent stream only when
 * its parents cannot make progress).
 *
 * <pre>{@code
 * PriorityTree tree = new PriorityTree();
 * tree.insert(1);                       // depends on 0, weight 16
 * tree.insert(3, 0, 32, false);         // twice the turns of stream 1
 * tree.insert(5, 1, 16, false);         // sends only while stream 1 is blocked
 * int id = tree.next();                 // 1, 3, 3, 1, 3, 3, ...
 * tree.block(1);                        // stream 1 has nothing to send: stream 5 takes its turns
 * }</pre>
 *
 * <p>Turns follow stride scheduling: each child has a virtual time, the child with the earliest one
 * (then the lowest stream id) goes next, and going advances it by {@code 256 / weight} (the remainder
 * carried, so the proportions are exact over time). A stream that joins its siblings, or has something
 * to send again after being blocked, starts from the parent's current virtual time: it gets its share
 * from then on, with no credit for the time it waited.
 *
 * <p>A stream is inserted unblocked, as in python-hyper's {@code priority}. A parent that is not in the
 * tree is inserted first, blocked, with the default priority (depends on 0, weight 16): RFC 7540
 * §5.3.4 lets idle streams act as grouping nodes. Removing a stream moves its dependents to its parent
 * and shares its weight among them in proportion to their own weights (RFC 7540 §5.3.4), each getting
 * {@code max(1, floor(removedWeight * weight / sumOfTheirWeights))}.
 *
 * <p>Memory is bounded: the tree holds at most {@link #maxStreams()} streams (default
 * {@value #DEFAULT_MAX_STREAMS}, stream 0 not counted), and an insertion past it throws
 * {@link TooManyStreamsException} (CVE-2016-6580: unbounded PRIORITY frames grew python-hyper's tree
 * without end). Each operation costs at most a walk up the tree plus one heap operation per level,
 * or a scan of the children it moves.
 *
 * <p>A refused operation throws a {@link PriorityException} and changes nothing. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3">RFC 7540 §5.3</a>
 */
public final class PriorityTree {

    /** The default limit on the number of streams in a tree: 1000, as in python-hyper's {@code priority}. */
    public static final int DEFAULT_MAX_STREAMS = 1000;
    /** The weight of a stream given no other (RFC 7540 §5.3.5): 16. */
    public static final int DEFAULT_WEIGHT = 16;
    /** The smallest weight (RFC 7540 §5.3.2): 1. */
    public static final int MIN_WEIGHT = 1;
    /** The largest weight (RFC 7540 §5.3.2): 256. */
    public static final int MAX_WEIGHT = 256;

    // The virtual time one turn costs a stream of weight 1; a stream of weight w pays STRIDE / w.
    private static final int STRIDE = 256;
    private static final IntPredicate ANY_STREAM = id -> true;
    // Siblings take turns by virtual time, then by stream id.
    private static final Comparator<Node> TURN_ORDER =
            Comparator.<Node>comparingLong(n -> n.pass).thenComparingInt(n -> n.id);

    /** One stream, or the root. */
    private static final class Node implements IdTable.Keyed {
        final int id;
        int weight;
        Node parent;
        final List<Node> children = new ArrayList<>(0);
        // The stream has nothing to send; the root always counts as blocked.
        boolean blocked;
        // Unblocked streams in this subtree, this one included; the node waits in its parent's queue iff > 0.
        int ready;
        // Its virtual time among its siblings, and the remainder of 256 / weight carried to its next turn.
        long pass;
        int remainder;
        // The virtual time among its children: the pass of the child that went last.
        long clock;
        // The children with an unblocked stream in their subtree, by TURN_ORDER; created with the first.
        PriorityQueue<Node> queue;

        Node(int id, int weight) {
            this.id = id;
            this.weight = weight;
        }

        @Override
        public int id() {
            return id;
        }

        PriorityQueue<Node> queue() {
            if (queue == null) {
                queue = new PriorityQueue<>(TURN_ORDER);
            }
            return queue;
        }
    }

    private final int maxStreams;
    private final Node root = new Node(0, DEFAULT_WEIGHT);
    private final IdTable<Node> nodes = new IdTable<>();
    // Scratch space of next(): the path taken down the tree, where each level's skipped children start
    // in `skipped`, and the children taken out of their queues but not chosen.
    private final List<Node> path = new ArrayList<>();
    private int[] marks = new int[16];
    private final List<Node> skipped = new ArrayList<>();

    /** Creates an empty tree holding at most {@value #DEFAULT_MAX_STREAMS} streams. */
    public PriorityTree() {
        this(DEFAULT_MAX_STREAMS);
    }

    /**
     * Creates an empty tree holding at most {@code maxStreams} streams, stream 0 not counted. RFC 7540
     * §5.3.4 asks for room for at least SETTINGS_MAX_CONCURRENT_STREAMS streams.
     *
     * @param maxStreams the limit, 1 or more
     * @throws IllegalArgumentException if {@code maxStreams} is below 1
     */
    public PriorityTree(int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams " + maxStreams + " is below 1");
        }
        this.maxStreams = maxStreams;
        root.blocked = true;
    }

    /**
     * Returns the most streams the tree holds.
     *
     * @return the limit, stream 0 not counted
     */
    public int maxStreams() {
        return maxStreams;
    }

    /**
     * Returns how many streams the tree holds, placeholders inserted for absent parents included.
     *
     * @return the count, stream 0 not counted
     */
    public int size() {
        return nodes.size();
    }

    /**
     * Returns whether a stream is in the tree.
     *
     * @param streamId the stream
     * @return true if it is; false for stream 0, which is the root rather than a stream
     */
    public boolean contains(int streamId) {
        return streamId != 0 && nodes.contains(streamId);
    }

    /**
     * Inserts a stream with the default priority: a non-exclusive dependency on stream 0, weight 16
     * (RFC 7540 §5.3.5). The stream starts unblocked.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @throws DuplicateStreamException if the stream is in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     * @throws TooManyStreamsException if the tree is full
     * @throws IllegalArgumentException if {@code streamId} is negative
     */
    public void insert(int streamId) {
        insert(streamId, 0, DEFAULT_WEIGHT, false);
    }

    /**
     * Inserts a stream that depends on {@code dependsOn}. An absent parent is inserted first, blocked,
     * with the default priority. An exclusive dependency makes the stream the parent's only child, the
     * parent's former children becoming the stream's (RFC 7540 §5.3.1, Figure 4). The stream starts
     * unblocked.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param dependsOn the parent, or 0 for the root
     * @param weight the weight, 1 to 256
     * @param exclusive whether the dependency is exclusive
     * @throws DuplicateStreamException if the stream is in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     * @throws PriorityLoopException if {@code dependsOn} is {@code streamId}
     * @throws BadWeightException if {@code weight} is outside 1 to 256
     * @throws TooManyStreamsException if the stream, and its parent when absent, do not fit
     * @throws IllegalArgumentException if {@code streamId} or {@code dependsOn} is negative
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.1">RFC 7540 §5.3.1</a>
     */
    public void insert(int streamId, int dependsOn, int weight, boolean exclusive) {
        Checks.stream(streamId);
        Checks.dependency(streamId, dependsOn);
        Checks.weight(weight);
        if (nodes.contains(streamId)) {
            throw new DuplicateStreamException("stream " + streamId + " is already in the priority tree");
        }
        reserve(isAbsent(dependsOn) ? 2 : 1);
        Node parent = parentOrPlaceholder(dependsOn);
        Node node = new Node(streamId, weight);
        node.ready = 1;
        nodes.put(node);
        attach(node, parent);
        if (exclusive) {
            adoptSiblings(node);
        }
    }

    /**
     * Gives a stream in the tree a new parent, weight and exclusivity (RFC 7540 §5.3.3). Its dependents
     * move with it. If the new parent is one of the stream's own dependents, that dependent first moves
     * to the stream's former parent, keeping its weight (Figure 5). An absent parent is inserted first,
     * blocked, with the default priority.
     *
     * @param streamId the stream
     * @param dependsOn the new parent, or 0 for the root
     * @param weight the new weight, 1 to 256
     * @param exclusive whether the new dependency is exclusive
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     * @throws PriorityLoopException if {@code dependsOn} is {@code streamId}
     * @throws BadWeightException if {@code weight} is outside 1 to 256
     * @throws TooManyStreamsException if an absent parent does not fit
     * @throws IllegalArgumentException if {@code dependsOn} is negative
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.3">RFC 7540 §5.3.3</a>
     */
    public void reprioritize(int streamId, int dependsOn, int weight, boolean exclusive) {
        Node node = existing(streamId);
        Checks.dependency(streamId, dependsOn);
        Checks.weight(weight);
        if (isAbsent(dependsOn)) {
            reserve(1);
        }
        Node parent = parentOrPlaceholder(dependsOn);
        if (isBelow(parent, node)) {
            // RFC 7540 §5.3.3: the dependent moves to the stream's former parent first, keeping its weight.
            detach(parent);
            attach(parent, node.parent);
        }
        detach(node);
        node.weight = weight;
        attach(node, parent);
        if (exclusive) {
            adoptSiblings(node);
        }
    }

    /**
     * Removes a stream. Its dependents move to its parent and share its weight in proportion to their
     * own weights (RFC 7540 §5.3.4).
     *
     * @param streamId the stream
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.4">RFC 7540 §5.3.4</a>
     */
    public void remove(int streamId) {
        Node node = existing(streamId);
        Node parent = node.parent;
        List<Node> dependents = new ArrayList<>(node.children);
        int sum = 0;
        for (Node child : dependents) {
            sum += child.weight;
        }
        for (Node child : dependents) {
            detach(child);
            // RFC 7540 §5.3.4: the closed stream's weight is distributed in proportion to the dependents' weights.
            child.weight = Math.max(MIN_WEIGHT, node.weight * child.weight / sum);
            attach(child, parent);
        }
        detach(node);
        nodes.remove(streamId);
    }

    /**
     * Marks a stream blocked: it has nothing to send (or cannot send), so its turns go to its dependents,
     * or to its siblings when no dependent can send. Blocking a blocked stream does nothing.
     *
     * @param streamId the stream
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    public void block(int streamId) {
        Node node = existing(streamId);
        if (!node.blocked) {
            node.blocked = true;
            propagate(node, -1);
        }
    }

    /**
     * Marks a stream unblocked: it has something to send again. It rejoins its siblings at the parent's
     * current virtual time. Unblocking an unblocked stream does nothing.
     *
     * @param streamId the stream
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    public void unblock(int streamId) {
        Node node = existing(streamId);
        if (node.blocked) {
            node.blocked = false;
            propagate(node, 1);
        }
    }

    /**
     * Returns the stream that should send next, and counts the turn: the unblocked stream reached by
     * descending from the root, at each level taking the child whose turn it is among those with an
     * unblocked stream in their subtree, and stopping at the first unblocked stream.
     *
     * @return the stream id
     * @throws DeadlockException if every stream is blocked, or the tree is empty
     */
    public int next() {
        int streamId = next(ANY_STREAM);
        if (streamId == 0) {
            throw new DeadlockException("no stream in the priority tree can make progress: all "
                    + nodes.size() + " are blocked");
        }
        return streamId;
    }

    /**
     * Returns the stream that should send next among those {@code canSend} accepts, and counts the turn,
     * as {@link #next()} does; a stream {@code canSend} refuses (a shut flow-control window, say) is
     * treated as blocked for this call only, so its dependents may go instead, and it keeps its place.
     *
     * @param canSend whether an unblocked stream can send now; called at most once per stream
     * @return the stream id, or 0 when no stream can make progress (where {@link #next()} throws)
     * @throws NullPointerException if {@code canSend} is null
     */
    public int next(IntPredicate canSend) {
        if (root.ready == 0) {
            return 0;
        }
        path.clear();
        skipped.clear();
        Node node = root;
        enter(node);
        while (true) {
            Node child = node.queue.poll();
            if (child == null) {
                // Nothing in this subtree can send: put back what was skipped here, and skip the subtree.
                restore(path.size() - 1);
                path.remove(path.size() - 1);
                if (path.isEmpty()) {
                    return 0;
                }
                skipped.add(node);
                node = path.get(path.size() - 1);
            } else if (!child.blocked && canSend.test(child.id)) {
                charge(child);
                return child.id;
            } else if (child.ready > (child.blocked ? 0 : 1)) {
                // RFC 7540 §5.3.1: a dependent gets resources when its parent cannot make progress.
                node = child;
                enter(node);
            } else {
                skipped.add(child);
            }
        }
    }

    private void enter(Node node) {
        if (path.size() == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[path.size()] = skipped.size();
        path.add(node);
    }

    /** Puts the children skipped at path level {@code level} back in their queue, unchanged. */
    private void restore(int level) {
        PriorityQueue<Node> queue = path.get(level).queue;
        for (int i = skipped.size() - 1; i >= marks[level]; i--) {
            queue.add(skipped.remove(i));
        }
    }

    /** Counts a turn for {@code chosen} and for each node on the path above it, deepest first. */
    private void charge(Node chosen) {
        Node child = chosen;
        for (int level = path.size() - 1; level >= 0; level--) {
            Node parent = path.get(level);
            parent.clock = child.pass;
            int stride = STRIDE + child.remainder;
            child.pass += stride / child.weight;
            child.remainder = stride % child.weight;
            parent.queue.add(child);
            restore(level);
            child = parent;
        }
    }

    /**
     * Returns the parent of a stream.
     *
     * @param streamId the stream
     * @return the stream it depends on, or 0 for the root
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    public int dependsOn(int streamId) {
        return existing(streamId).parent.id;
    }

    /**
     * Returns the weight of a stream.
     *
     * @param streamId the stream
     * @return the weight, 1 to 256
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    public int weight(int streamId) {
        return existing(streamId).weight;
    }

    /**
     * Returns whether a stream is blocked.
     *
     * @param streamId the stream
     * @return true if it is blocked
     * @throws MissingStreamException if the stream is not in the tree
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    public boolean isBlocked(int streamId) {
        return existing(streamId).blocked;
    }

    /**
     * Returns the streams that depend on a stream, or on the root.
     *
     * @param streamId the stream, or 0 for the root
     * @return their ids in ascending order, unmodifiable
     * @throws MissingStreamException if the stream is not in the tree
     */
    public List<Integer> children(int streamId) {
        Node node = streamId == 0 ? root : existing(streamId);
        List<Integer> ids = new ArrayList<>(node.children.size());
        for (Node child : node.children) {
            ids.add(child.id);
        }
        Collections.sort(ids);
        return Collections.unmodifiableList(ids);
    }

    /**
     * Returns every stream in the tree.
     *
     * @return their ids in ascending order, unmodifiable; stream 0 not included
     */
    public List<Integer> streamIds() {
        List<Integer> ids = new ArrayList<>(nodes.size());
        for (Node node : nodes.values()) {
            ids.add(node.id);
        }
        Collections.sort(ids);
        return Collections.unmodifiableList(ids);
    }

    /**
     * Returns the tree as text: each stream as {@code id/weight}, with {@code !} when blocked, followed
     * by its dependents in brackets, in ascending order; the root is {@code 0}. For example
     * {@code 0 [1/16 [5/16], 3/32!]}: streams 1 and 3 depend on the root, 3 is blocked, 5 depends on 1.
     *
     * @return the description
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("0");
        appendChildren(root, out);
        return out.toString();
    }

    private static void appendChildren(Node node, StringBuilder out) {
        if (node.children.isEmpty()) {
            return;
        }
        List<Node> sorted = new ArrayList<>(node.children);
        sorted.sort(Comparator.comparingInt(n -> n.id));
        out.append(" [");
        for (int i = 0; i < sorted.size(); i++) {
            Node child = sorted.get(i);
            out.append(i == 0 ? "" : ", ").append(child.id).append('/').append(child.weight)
                    .append(child.blocked ? "!" : "");
            appendChildren(child, out);
        }
        out.append(']');
    }

    // ---------------------------------------------------------------- structure

    /** Links {@code child} (detached) under {@code parent}; it takes its turns from the parent's clock on. */
    private static void attach(Node child, Node parent) {
        child.parent = parent;
        parent.children.add(child);
        // Virtual times only compare among siblings: a stream that moves starts at its new parent's.
        child.pass = parent.clock;
        if (child.ready > 0) {
            enqueue(child);
            propagate(parent, child.ready);
        }
    }

    /** Unlinks {@code child} from its parent, with its whole subtree. */
    private static void detach(Node child) {
        Node parent = child.parent;
        if (child.ready > 0) {
            parent.queue.remove(child);
            propagate(parent, -child.ready);
        }
        parent.children.remove(child);
        child.parent = null;
    }

    /** Moves the other children of {@code node}'s parent under {@code node}: the exclusive flag (RFC 7540 §5.3.1). */
    private static void adoptSiblings(Node node) {
        for (Node sibling : new ArrayList<>(node.parent.children)) {
            if (sibling != node) {
                detach(sibling);
                attach(sibling, node);
            }
        }
    }

    /**
     * Adds {@code delta} unblocked streams to {@code from} and each of its ancestors; a node whose
     * subtree gains its first one joins its parent's queue, one that loses its last leaves it.
     */
    private static void propagate(Node from, int delta) {
        for (Node node = from; node != null; node = node.parent) {
            int before = node.ready;
            node.ready += delta;
            if (node.parent == null) {
                continue;
            }
            if (before == 0 && node.ready > 0) {
                enqueue(node);
            } else if (before > 0 && node.ready == 0) {
                node.parent.queue.remove(node);
            }
        }
    }

    /** Puts a node in its parent's queue, starting no earlier than the parent's current virtual time. */
    private static void enqueue(Node node) {
        node.pass = Math.max(node.pass, node.parent.clock);
        node.parent.queue().add(node);
    }

    /** Whether {@code node} is a dependent, direct or not, of {@code ancestor}. */
    private static boolean isBelow(Node node, Node ancestor) {
        for (Node n = node.parent; n != null; n = n.parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private boolean isAbsent(int dependsOn) {
        return dependsOn != 0 && !nodes.contains(dependsOn);
    }

    /** The parent a dependency names: the root, a stream in the tree, or a new blocked placeholder. */
    private Node parentOrPlaceholder(int dependsOn) {
        if (dependsOn == 0) {
            return root;
        }
        Node parent = nodes.get(dependsOn);
        if (parent == null) {
            // RFC 7540 §5.3.4: an idle stream can be a parent; it starts with the default priority.
            parent = new Node(dependsOn, DEFAULT_WEIGHT);
            parent.blocked = true;
            nodes.put(parent);
            attach(parent, root);
        }
        return parent;
    }

    private void reserve(int streams) {
        if (nodes.size() + streams > maxStreams) {
            // CVE-2016-6580: a bounded tree, whatever the peer sends.
            throw new TooManyStreamsException("RFC 7540 §5.3.4: the priority tree holds at most " + maxStreams
                    + " streams and has " + nodes.size() + "; " + streams + " more do not fit");
        }
    }

    private Node existing(int streamId) {
        Checks.stream(streamId);
        Node node = nodes.get(streamId);
        if (node == null) {
            throw new MissingStreamException("stream " + streamId + " is not in the priority tree");
        }
        return node;
    }
}

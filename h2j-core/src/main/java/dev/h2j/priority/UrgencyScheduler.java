package dev.h2j.priority;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * A {@link Scheduler} for the Extensible Prioritization Scheme (RFC 9218 §10): the most urgent ready
 * streams send first; within one urgency, non-incremental streams send one at a time in stream-id
 * order, incremental ones take turns.
 *
 * <p>In detail, {@link #next(IntPredicate)} takes the lowest urgency (0 first) that has a ready stream
 * the caller can send on. Among the streams of that urgency, the non-incremental ones act as one
 * participant in a round-robin with each incremental stream: when it is that participant's turn, the
 * non-incremental stream with the lowest id sends (RFC 9218 §10: in the order the requests were made);
 * incremental streams share the bandwidth in turns (RFC 9218 §4.2). So a long non-incremental response
 * does not starve incremental ones of its urgency, nor they it, as RFC 9218 §10 recommends. A stream
 * that opens or changes priority joins the end of its urgency's turns.
 *
 * <pre>{@code
 * UrgencyScheduler scheduler = new UrgencyScheduler();
 * scheduler.open(1, Priority.parse("u=3"));       // non-incremental
 * scheduler.open(3, Priority.parse("u=3"));       // non-incremental, after stream 1
 * scheduler.open(5, Priority.parse("u=3, i"));    // incremental
 * scheduler.open(7, Priority.parse("u=1"));       // more urgent than all of them
 * // with all four ready: 7, 7, ... until stream 7 is idle or closed, then 1, 5, 1, 5, ... and 3 after 1
 * }</pre>
 *
 * <p>A PRIORITY_UPDATE for a stream that is not open yet is kept until the stream opens, and then
 * overrides the priority of its {@code priority} header (RFC 9218 §7.1); opening a stream forgets the
 * kept priorities of lower stream ids of the same parity, which can no longer open. RFC 7540 signals
 * are ignored.
 *
 * <p>Memory is bounded: at most {@link #maxStreams()} open streams (more is refused with
 * {@link TooManyStreamsException}), and as many kept priorities, the one of the lowest stream id being
 * dropped to make room, so a peer's PRIORITY_UPDATE frames never grow it further.
 *
 * <p>Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-10">RFC 9218 §10</a>
 */
public final class UrgencyScheduler implements Scheduler {

    /** The default limit on open streams, and separately on kept priorities: 1000. */
    public static final int DEFAULT_MAX_STREAMS = 1000;

    /** One open stream. */
    private static final class Entry {
        final int id;
        Priority priority;
        boolean ready;
        // When the stream last had its turn, or joined its urgency; lower goes first among incremental streams.
        long turn;

        Entry(int id, Priority priority) {
            this.id = id;
            this.priority = priority;
        }
    }

    private final int maxStreams;
    private final Map<Integer, Entry> streams = new HashMap<>();
    // The open streams of each urgency, in ascending stream id.
    private final List<List<Entry>> urgencies = new ArrayList<>(Priority.MAX_URGENCY + 1);
    // When the non-incremental streams of each urgency last had their turn.
    private final long[] nonIncrementalTurn = new long[Priority.MAX_URGENCY + 1];
    // RFC 9218 §7.1: the latest PRIORITY_UPDATE of each stream that is not open yet.
    private final TreeMap<Integer, Priority> pending = new TreeMap<>();
    private long clock;

    /** Creates a scheduler for at most {@value #DEFAULT_MAX_STREAMS} open streams. */
    public UrgencyScheduler() {
        this(DEFAULT_MAX_STREAMS);
    }

    /**
     * Creates a scheduler for at most {@code maxStreams} open streams and as many kept priorities.
     *
     * @param maxStreams the limit, 1 or more
     * @throws IllegalArgumentException if {@code maxStreams} is below 1
     */
    public UrgencyScheduler(int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams " + maxStreams + " is below 1");
        }
        this.maxStreams = maxStreams;
        for (int u = Priority.MIN_URGENCY; u <= Priority.MAX_URGENCY; u++) {
            urgencies.add(new ArrayList<>());
        }
    }

    /**
     * Returns the most open streams the scheduler keeps, and the most kept priorities.
     *
     * @return the limit
     */
    public int maxStreams() {
        return maxStreams;
    }

    /**
     * Returns how many streams are open.
     *
     * @return the count, at most {@link #maxStreams()}
     */
    public int size() {
        return streams.size();
    }

    /**
     * Returns how many priorities are kept for streams that are not open yet.
     *
     * @return the count, at most {@link #maxStreams()}
     */
    public int pendingSize() {
        return pending.size();
    }

    /**
     * Returns the priority the scheduler uses for an open stream.
     *
     * @param streamId the stream
     * @return its priority
     * @throws MissingStreamException if the stream is not open
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    public Priority priority(int streamId) {
        return existing(streamId).priority;
    }

    @Override
    public void open(int streamId, Priority priority) {
        Objects.requireNonNull(priority, "priority");
        Checks.stream(streamId);
        if (streams.containsKey(streamId)) {
            throw new DuplicateStreamException("stream " + streamId + " is already open in the scheduler");
        }
        if (streams.size() == maxStreams) {
            throw new TooManyStreamsException("the scheduler keeps at most " + maxStreams + " open streams");
        }
        // RFC 9218 §7.1: the most recent PRIORITY_UPDATE overrides any other signal.
        Priority buffered = pending.remove(streamId);
        forgetPendingBelow(streamId);
        Entry entry = new Entry(streamId, buffered != null ? buffered : priority);
        streams.put(streamId, entry);
        join(entry);
    }

    /** Drops kept priorities of lower ids of the same parity: stream ids only increase (RFC 9113 §5.1.1). */
    private void forgetPendingBelow(int streamId) {
        Iterator<Integer> lower = pending.headMap(streamId).keySet().iterator();
        while (lower.hasNext()) {
            if ((lower.next() & 1) == (streamId & 1)) {
                lower.remove();
            }
        }
    }

    /** Adds an entry to its urgency, in stream-id order, at the end of the turns. */
    private void join(Entry entry) {
        List<Entry> list = urgencies.get(entry.priority.urgency());
        int at = list.size();
        while (at > 0 && list.get(at - 1).id > entry.id) {
            at--;
        }
        list.add(at, entry);
        entry.turn = ++clock;
    }

    @Override
    public void close(int streamId) {
        Entry entry = existing(streamId);
        streams.remove(streamId);
        urgencies.get(entry.priority.urgency()).remove(entry);
    }

    @Override
    public boolean isOpen(int streamId) {
        return streams.containsKey(streamId);
    }

    @Override
    public void ready(int streamId) {
        existing(streamId).ready = true;
    }

    @Override
    public void idle(int streamId) {
        existing(streamId).ready = false;
    }

    /**
     * Changes an open stream's priority; it joins the end of its new urgency's turns. For a stream that
     * is not open, keeps the priority until it opens (RFC 9218 §7.1), dropping the kept priority of the
     * lowest stream id when {@link #maxStreams()} are kept.
     */
    @Override
    public void prioritize(int streamId, Priority priority) {
        Objects.requireNonNull(priority, "priority");
        Checks.stream(streamId);
        Entry entry = streams.get(streamId);
        if (entry != null) {
            urgencies.get(entry.priority.urgency()).remove(entry);
            entry.priority = priority;
            join(entry);
            return;
        }
        if (!pending.containsKey(streamId) && pending.size() == maxStreams) {
            // RFC 9218 §7.1: buffering PRIORITY_UPDATE frames is bounded by local policy.
            pending.pollFirstEntry();
        }
        pending.put(streamId, priority);
    }

    /** Ignored: RFC 7540 signals belong to the other scheme (RFC 9218 §2.1). */
    @Override
    public void prioritize(int streamId, int dependsOn, int weight, boolean exclusive) {
        Checks.stream(streamId);
        Checks.dependency(streamId, dependsOn);
        Checks.weight(weight);
    }

    @Override
    public int next(IntPredicate canSend) {
        Objects.requireNonNull(canSend, "canSend");
        for (int u = Priority.MIN_URGENCY; u <= Priority.MAX_URGENCY; u++) {
            List<Entry> list = urgencies.get(u);
            Entry first = null;
            Entry incremental = null;
            // An index loop: next() runs once per DATA frame and allocates nothing.
            for (int i = 0; i < list.size(); i++) {
                Entry entry = list.get(i);
                if (!entry.ready) {
                    continue;
                }
                if (!entry.priority.incremental()) {
                    // RFC 9218 §10: non-incremental responses one at a time, in ascending stream id.
                    if (first == null && canSend.test(entry.id)) {
                        first = entry;
                    }
                } else if ((incremental == null || entry.turn < incremental.turn) && canSend.test(entry.id)) {
                    // RFC 9218 §10: incremental responses of one urgency share the bandwidth.
                    incremental = entry;
                }
            }
            if (first != null && (incremental == null || nonIncrementalTurn[u] < incremental.turn)) {
                nonIncrementalTurn[u] = ++clock;
                return first.id;
            }
            if (incremental != null) {
                incremental.turn = ++clock;
                return incremental.id;
            }
        }
        return NONE;
    }

    private Entry existing(int streamId) {
        Checks.stream(streamId);
        Entry entry = streams.get(streamId);
        if (entry == null) {
            throw new MissingStreamException("stream " + streamId + " is not open in the scheduler");
        }
        return entry;
    }
}

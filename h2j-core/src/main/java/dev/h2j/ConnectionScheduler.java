package dev.h2j;

import dev.h2j.event.Event;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamReset;
import dev.h2j.priority.Priority;
import dev.h2j.priority.PriorityTree;
import dev.h2j.priority.Scheduler;
import dev.h2j.priority.TreeScheduler;
import dev.h2j.priority.UrgencyScheduler;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A {@link Scheduler} bound to one {@link H2Connection} (server side): it learns streams and priority
 * signals from the connection's events, and {@link #next()} answers "which stream sends its next DATA
 * frame" among the ready streams whose flow-control windows are open.
 *
 * <pre>{@code
 * ConnectionScheduler scheduler = new ConnectionScheduler(conn);
 * for (Event event : conn.receiveData(input)) {
 *     scheduler.onEvent(event);                 // requests open streams; signals reprioritize them
 *     ...                                       // answer requests; scheduler.ready(id) once a body waits
 * }
 * int id;
 * while (conn.isWritable() && (id = scheduler.next()) != Scheduler.NONE) {
 *     ...                                       // send one DATA frame on id, of at most
 *                                               // min(conn.localFlowControlWindow(id), conn.maxOutboundFrameSize())
 *     ...                                       // then scheduler.idle(id) when it has nothing more for now
 * }
 * }</pre>
 *
 * <p>{@link #onEvent(Event)} takes every event the connection returns, related events included, in list
 * order: a {@link RequestReceived} opens its stream with the priority of its {@code priority} header
 * ({@link RequestReceived#priority()}), a {@link PriorityUpdated} applies an RFC 7540 signal, a
 * {@link PriorityUpdateReceived} an RFC 9218 one, and a {@link StreamReset} closes the stream; other
 * events change nothing. The caller does the rest, since only it knows: {@link #ready(int)} when a
 * stream has data to send, {@link #idle(int)} when it has none, and {@link #open(int, Priority)} for a
 * stream no event opens (a pushed stream, or stream 1 of an h2c upgrade).
 *
 * <p>Streams that end leave on their own: {@link #next()} never names a stream on which the connection
 * allows no more DATA, and closes it here instead (the caller sent END_STREAM or reset it, both halves
 * ended, or the connection closed on an error), so a send loop never trips over a stream that ended.
 * {@link #close(int)} frees a stream at once, such as one that ended while idle; closing a stream that
 * is not open (any more) does nothing.
 *
 * <p>Which scheme: the one given to {@link #ConnectionScheduler(H2Connection, Scheduler)}; or, with
 * {@link #ConnectionScheduler(H2Connection)}, the one the connection negotiated, picked at the first
 * stream or priority signal (by then the peer's first SETTINGS frame has arrived, RFC 9113 §3.4, and
 * SETTINGS_NO_RFC7540_PRIORITIES cannot change after it, RFC 9218 §2.1): a {@link UrgencyScheduler}
 * when {@link H2Connection#ignoresRfc7540Priorities()}, else a {@link TreeScheduler}. Either holds at
 * least SETTINGS_MAX_CONCURRENT_STREAMS streams (RFC 7540 §5.3.4), and no less than 1000.
 *
 * <p>Not thread-safe: it belongs to the thread that owns the connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-10">RFC 9218 §10</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3">RFC 7540 §5.3</a>
 */
public final class ConnectionScheduler implements Scheduler {

    private final H2Connection connection;
    private final IntPredicate canSend = this::canSend;
    // Null until picked by negotiation; see scheduler().
    private Scheduler scheduler;
    // Ready streams next() found ended in the connection, closed here once the delegate's next() returned.
    private int[] ended = new int[4];
    private int endedCount;

    /**
     * Creates a scheduler for {@code connection} that uses the priority scheme the connection
     * negotiates (see the class description).
     *
     * @param connection the connection, usually a server's
     * @throws NullPointerException if {@code connection} is null
     */
    public ConnectionScheduler(H2Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Creates a scheduler for {@code connection} that delegates to {@code scheduler}.
     *
     * @param connection the connection, usually a server's
     * @param scheduler the scheduler to feed and ask
     * @throws NullPointerException if an argument is null
     */
    public ConnectionScheduler(H2Connection connection, Scheduler scheduler) {
        this(connection);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Returns the scheduler this one delegates to, picking it now if the scheme was not picked yet.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        if (scheduler == null) {
            int maxStreams = Math.max(PriorityTree.DEFAULT_MAX_STREAMS,
                    connection.configuration().limits().maxConcurrentStreams());
            // RFC 9218 §2.1: once either side disables RFC 7540 priorities, RFC 9218 signals are what is left.
            scheduler = connection.ignoresRfc7540Priorities() ? new UrgencyScheduler(maxStreams)
                    : new TreeScheduler(maxStreams);
        }
        return scheduler;
    }

    /**
     * Feeds one event of the connection: see the class description for what each kind does.
     *
     * @param event an event {@link H2Connection#receiveData} returned
     * @throws NullPointerException if {@code event} is null
     */
    public void onEvent(Event event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof RequestReceived request) {
            scheduler().open(request.streamId(), request.priority());
        } else if (event instanceof PriorityUpdated update) {
            scheduler().prioritize(update.streamId(), update.dependsOn(), update.weight(), update.exclusive());
        } else if (event instanceof PriorityUpdateReceived update) {
            scheduler().prioritize(update.prioritizedStreamId(), update.priority());
        } else if (event instanceof StreamReset reset) {
            close(reset.streamId());
        }
    }

    /**
     * Returns the ready stream that should send its next DATA frame among those whose flow-control
     * window ({@link H2Connection#localFlowControlWindow(int)}, the connection's included) is open, and
     * counts its turn. Ready streams on which the connection allows no more DATA (see the class
     * description) are closed here, never named.
     *
     * @return the stream id, or {@link Scheduler#NONE} when no ready stream can send
     */
    public int next() {
        if (scheduler == null || connection.localFlowControlWindow(0) == 0) {
            return NONE;
        }
        int id = scheduler.next(canSend);
        // Closed after the delegate's next(), not inside it: a scheduler is not changed while it chooses.
        for (int i = 0; i < endedCount; i++) {
            scheduler.close(ended[i]);
        }
        endedCount = 0;
        return id;
    }

    /** Whether a ready stream can send now; one that can send no more DATA is noted for closing. */
    private boolean canSend(int streamId) {
        long window = connection.sendableWindow(streamId);
        if (window < 0) {
            if (endedCount == ended.length) {
                ended = Arrays.copyOf(ended, 2 * endedCount);
            }
            ended[endedCount++] = streamId;
            return false;
        }
        return window > 0;
    }

    @Override
    public void open(int streamId, Priority priority) {
        scheduler().open(streamId, priority);
    }

    /**
     * Closes a stream: it sent its last frame, or was reset. Unlike the {@link Scheduler} contract, a
     * stream that is not open is no error: a {@link StreamReset} or {@link #next()} may have closed it
     * already.
     *
     * @param streamId the stream
     * @throws dev.h2j.priority.PseudoStreamException if {@code streamId} is 0
     * @throws IllegalArgumentException if {@code streamId} is negative
     */
    @Override
    public void close(int streamId) {
        if (streamId <= 0 || isOpen(streamId)) {
            // For an id that is no stream, the delegate throws, naming the rule.
            scheduler().close(streamId);
        }
    }

    @Override
    public boolean isOpen(int streamId) {
        return scheduler != null && scheduler.isOpen(streamId);
    }

    @Override
    public void ready(int streamId) {
        scheduler().ready(streamId);
    }

    @Override
    public void idle(int streamId) {
        scheduler().idle(streamId);
    }

    @Override
    public void prioritize(int streamId, Priority priority) {
        scheduler().prioritize(streamId, priority);
    }

    @Override
    public void prioritize(int streamId, int dependsOn, int weight, boolean exclusive) {
        scheduler().prioritize(streamId, dependsOn, weight, exclusive);
    }

    /**
     * Returns the stream that should send next among the ready ones {@code canSend} accepts, without
     * looking at the connection's windows; see {@link #next()} for the usual question.
     */
    @Override
    public int next(IntPredicate canSend) {
        Objects.requireNonNull(canSend, "canSend");
        return scheduler == null ? NONE : scheduler.next(canSend);
    }

    /**
     * Returns the delegate's description, or says that no scheme is picked yet.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return scheduler == null ? "ConnectionScheduler[scheme not picked yet]" : scheduler.toString();
    }
}

package dev.h2j.priority;

import java.util.function.IntPredicate;

/**
 * Decides which stream sends its next DATA frame: the piece a server plugs between the priority
 * signals a connection reports and its send loop.
 *
 * <p>A scheduler knows the streams that are {@linkplain #open open} for sending, whether each has
 * something to send ({@link #ready} / {@link #idle}), and the priority signals the peer sent:
 * RFC 9218 priorities ({@link #prioritize(int, Priority)}) and RFC 7540 dependencies
 * ({@link #prioritize(int, int, int, boolean)}). Each implementation acts on the signals of its scheme
 * and ignores the other's: {@link UrgencyScheduler} follows RFC 9218, {@link TreeScheduler} the RFC
 * 7540 §5.3 tree. {@link #next(IntPredicate)} names the ready stream whose turn it is among those the
 * caller can send on now, typically those whose flow-control window is open.
 *
 * <pre>{@code
 * Scheduler scheduler = new UrgencyScheduler();
 * scheduler.open(1, Priority.parse("u=5, i"));
 * scheduler.open(3, Priority.DEFAULT);
 * scheduler.ready(1);
 * scheduler.ready(3);
 * int id = scheduler.next(stream -> true);   // 3: urgency 3 goes before urgency 5
 * }</pre>
 *
 * <p>{@code dev.h2j.ConnectionScheduler} feeds a scheduler from a connection's events and asks it
 * with the connection's windows. A scheduler fed by a connection never throws because of what the
 * peer sent: the connection checks the signals first, and signals a scheduler cannot keep within its
 * stream limit are dropped. Its own methods throw a {@link PriorityException} when the caller misuses
 * them (a stream opened twice, a stream that is not open), and change nothing then.
 *
 * <p>Implementations are not thread-safe; a scheduler belongs to one connection.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-10">RFC 9218 §10</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3">RFC 7540 §5.3</a>
 */
public interface Scheduler {

    /** What {@link #next(IntPredicate)} returns when no stream can send: 0, never a stream id. */
    int NONE = 0;

    /**
     * Opens a stream for sending, with nothing to send yet ({@link #ready(int)} says when it has).
     * A priority buffered for the stream by an earlier {@link #prioritize(int, Priority)} overrides
     * {@code priority} (RFC 9218 §7.1: the latest PRIORITY_UPDATE is the most up-to-date signal).
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param priority its RFC 9218 priority, from the request's {@code priority} header or
     *     {@link Priority#DEFAULT}; ignored by schedulers of the RFC 7540 scheme
     * @throws DuplicateStreamException if the stream is open
     * @throws TooManyStreamsException if the scheduler holds its maximum of open streams
     * @throws PseudoStreamException if {@code streamId} is 0
     * @throws IllegalArgumentException if {@code streamId} is negative
     * @throws NullPointerException if {@code priority} is null
     */
    void open(int streamId, Priority priority);

    /**
     * Closes a stream: it sent its last frame, or was reset.
     *
     * @param streamId the stream
     * @throws MissingStreamException if the stream is not open
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    void close(int streamId);

    /**
     * Returns whether a stream is open in this scheduler.
     *
     * @param streamId the stream
     * @return true between {@link #open} and {@link #close}
     */
    boolean isOpen(int streamId);

    /**
     * Marks an open stream as having data to send. Calling it again does nothing.
     *
     * @param streamId the stream
     * @throws MissingStreamException if the stream is not open
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    void ready(int streamId);

    /**
     * Marks an open stream as having nothing to send. Calling it again does nothing.
     *
     * @param streamId the stream
     * @throws MissingStreamException if the stream is not open
     * @throws PseudoStreamException if {@code streamId} is 0
     */
    void idle(int streamId);

    /**
     * Applies an RFC 9218 priority signal: a PRIORITY_UPDATE. For a stream that is not open yet, the
     * priority is kept (within the scheduler's limit) until {@link #open} (RFC 9218 §7.1). Schedulers of
     * the RFC 7540 scheme ignore it.
     *
     * @param streamId the prioritized stream
     * @param priority its new priority
     * @throws PseudoStreamException if {@code streamId} is 0
     * @throws IllegalArgumentException if {@code streamId} is negative
     * @throws NullPointerException if {@code priority} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-7.1">RFC 9218 §7.1</a>
     */
    void prioritize(int streamId, Priority priority);

    /**
     * Applies an RFC 7540 priority signal: a PRIORITY frame, or the priority fields of a HEADERS frame.
     * It may name a stream that is not open (an idle stream used as a grouping node, RFC 7540 §5.3.4).
     * Schedulers of the RFC 9218 scheme ignore it.
     *
     * @param streamId the stream
     * @param dependsOn its parent, or 0 for the root
     * @param weight its weight, 1 to 256
     * @param exclusive whether the dependency is exclusive
     * @throws PriorityLoopException if {@code dependsOn} is {@code streamId}
     * @throws BadWeightException if {@code weight} is outside 1 to 256
     * @throws PseudoStreamException if {@code streamId} is 0
     * @throws IllegalArgumentException if {@code streamId} or {@code dependsOn} is negative
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3.3">RFC 7540 §5.3.3</a>
     */
    void prioritize(int streamId, int dependsOn, int weight, boolean exclusive);

    /**
     * Returns the stream that should send its next DATA frame, and counts its turn: a ready stream that
     * {@code canSend} accepts. Streams {@code canSend} refuses are passed over for this call only and
     * keep their place.
     *
     * @param canSend whether a ready stream can send now, for example whether its flow-control window
     *     is open; called at most once per stream per call
     * @return the stream id, or {@link #NONE} when no ready stream can send
     * @throws NullPointerException if {@code canSend} is null
     */
    int next(IntPredicate canSend);
}

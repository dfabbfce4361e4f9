package dev.h2j.fuzz;

import dev.h2j.ErrorScope;
import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.OutboundBufferFullException;
import dev.h2j.event.Event;
import dev.h2j.frame.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An {@link H2Connection} driven by a fuzz target, with what its API documents checked around every
 * call; a broken promise is an {@link AssertionError}, which Jazzer reports as a finding.
 *
 * <ul>
 *   <li>{@code receiveData} consumes all its input, and throws nothing but an {@link H2Exception} of scope
 *       {@link ErrorScope#CONNECTION}; after one, or after we closed with an error code, later input is
 *       discarded: no events, nothing queued (RFC 9113 §5.4.1);</li>
 *   <li>a call refused with an {@link H2Exception} has scope {@link ErrorScope#CALLER} and queued nothing;
 *       {@link OutboundBufferFullException} comes only while {@link H2Connection#isWritable()} is false;
 *       the targets pass only arguments the API accepts, so nothing else may be thrown;</li>
 *   <li>no more peer streams are open than the most we ever advertised (RFC 9113 §5.1.2);</li>
 *   <li>the outbound buffer holds at most what our own calls queued since it was last empty, plus the
 *       answers the connection may queue by itself ({@link dev.h2j.Limits#maxQueuedControlFrames()} of
 *       them) and its GOAWAYs: a peer cannot make it grow beyond that (RFC 9113 §10.5);</li>
 *   <li>everything taken from the buffer is read by a {@link PeerReader}.</li>
 * </ul>
 */
final class CheckedConnection {

    /** The largest answer the connection queues by itself: a PING ACK, a 9-octet header and 8 octets. */
    private static final int LARGEST_ANSWER = 17;
    /**
     * The GOAWAYs the connection may queue by itself: the final one of a graceful shutdown, when the
     * PING ACK arrives (9 + 8 octets), and the one of a connection error, whose debug data h2j cuts at
     * 256 octets (9 + 8 + 256).
     */
    private static final int GOAWAYS = 2 * (9 + 8) + 256;

    /** A call on the connection that a fuzz target makes. */
    @FunctionalInterface
    interface Call {
        void run(H2Connection conn);
    }

    final H2Connection conn;
    final PeerReader peer;
    private final int maxQueuedControlFrames;
    private int mostStreamsAdvertised;
    // Octets our own calls queued since the outbound buffer was last empty.
    private long queuedByCalls;
    private boolean closed;
    private H2Exception failure;

    CheckedConnection(H2Configuration config, PeerReader peer) {
        this.conn = new H2Connection(config);
        this.peer = peer;
        this.maxQueuedControlFrames = config.limits().maxQueuedControlFrames();
        this.mostStreamsAdvertised = config.limits().maxConcurrentStreams();
    }

    /** Whether the connection is closed: it failed, or we closed it with an error code. */
    boolean closed() {
        return closed;
    }

    /** The connection error receiveData threw, if any. */
    H2Exception failure() {
        return failure;
    }

    /**
     * Feeds octets from the peer.
     *
     * @return the events, or those the connection error kept
     */
    List<Event> receive(ByteBuffer data) {
        boolean wasClosed = closed;
        int before = conn.outboundSize();
        List<Event> events;
        try {
            events = conn.receiveData(data);
        } catch (H2Exception e) {
            if (e.scope() != ErrorScope.CONNECTION) {
                throw new AssertionError("receiveData threw scope " + e.scope() + ": " + e.getMessage(), e);
            }
            if (wasClosed) {
                throw new AssertionError("receiveData threw after the connection closed: " + e.getMessage(), e);
            }
            closed = true;
            failure = e;
            events = e.events();
        }
        if (data.hasRemaining()) {
            throw new AssertionError("receiveData left " + data.remaining() + " octets unconsumed");
        }
        if (wasClosed && (!events.isEmpty() || conn.outboundSize() != before)) {
            throw new AssertionError("RFC 9113 §5.4.1: input after the connection closed was not discarded: "
                    + events.size() + " events, " + (conn.outboundSize() - before) + " octets queued");
        }
        checkInvariants();
        return events;
    }

    /** Feeds octets in chunks of {@code chunk} octets (0: all at once), draining after each if asked. */
    void receiveInChunks(ByteBuffer data, int chunk, boolean drain) {
        int size = chunk == 0 ? Math.max(1, data.remaining()) : chunk;
        while (data.hasRemaining()) {
            ByteBuffer piece = data.slice().limit(Math.min(size, data.remaining()));
            data.position(data.position() + piece.remaining());
            receive(piece);
            if (drain) {
                drain(Integer.MAX_VALUE);
            }
        }
    }

    /**
     * Makes a call that queues frames, or is refused without changing anything.
     *
     * @return whether the call succeeded
     */
    boolean call(Call call) {
        int before = conn.outboundSize();
        boolean writable = conn.isWritable();
        try {
            call.run(conn);
        } catch (OutboundBufferFullException e) {
            if (writable) {
                throw new AssertionError("OutboundBufferFullException while isWritable() was true", e);
            }
            requireUnchanged(before, e);
            return false;
        } catch (H2Exception e) {
            if (e.scope() != ErrorScope.CALLER) {
                throw new AssertionError("a call threw scope " + e.scope() + ": " + e.getMessage(), e);
            }
            requireUnchanged(before, e);
            return false;
        }
        int queued = conn.outboundSize() - before;
        if (closed && queued != 0) {
            throw new AssertionError("a closed connection queued " + queued + " octets");
        }
        queuedByCalls += Math.max(0, queued);
        checkInvariants();
        return true;
    }

    /** Closes with GOAWAY; with an error code the connection then takes and sends nothing more. */
    void close(ErrorCode code) {
        if (call(c -> c.closeConnection(code)) && !code.equals(ErrorCode.NO_ERROR)) {
            closed = true;
        }
    }

    /** Records that we advertised {@code limit} concurrent streams in a SETTINGS. */
    void advertisedStreams(long limit) {
        mostStreamsAdvertised = (int) Math.max(mostStreamsAdvertised, Math.min(Integer.MAX_VALUE, limit));
    }

    /** Takes up to {@code max} waiting octets and hands them to the peer reader. */
    void drain(int max) {
        ByteBuffer out = conn.dataToSend(max);
        if (conn.outboundSize() == 0) {
            queuedByCalls = 0;
        }
        peer.read(out);
        checkInvariants();
    }

    private void requireUnchanged(int before, RuntimeException refusal) {
        if (conn.outboundSize() != before) {
            throw new AssertionError("a refused call queued " + (conn.outboundSize() - before) + " octets", refusal);
        }
    }

    private void checkInvariants() {
        if (conn.openInboundStreams() > mostStreamsAdvertised) {
            throw new AssertionError("RFC 9113 §5.1.2: " + conn.openInboundStreams()
                    + " peer streams open, but we allowed at most " + mostStreamsAdvertised);
        }
        long bound = queuedByCalls + (long) maxQueuedControlFrames * LARGEST_ANSWER + GOAWAYS;
        if (conn.outboundSize() > bound) {
            throw new AssertionError("RFC 9113 §10.5: " + conn.outboundSize() + " octets wait to be sent, but our calls"
                    + " queued " + queuedByCalls + " and the peer may add only " + (bound - queuedByCalls));
        }
    }
}

package dev.h2j.io.client;

import dev.h2j.frame.Frame;
import dev.h2j.hpack.HeaderField;
import java.util.List;

/**
 * Sees every frame a {@link ClientConnection} sends and receives, in wire order per direction, for
 * tracing (h2j get -v). The client parses a copy of the octets in each direction with its own
 * {@link dev.h2j.frame.FrameParser} and decodes field blocks with its own HPACK decoder, so a listener
 * sees what went over the wire, independent of how the connection interpreted it.
 *
 * <p>Calls come from the connection's reader thread (received frames) and writer thread (sent frames),
 * possibly at the same time: implementations must be thread-safe, and quick, since the connection waits
 * for them.
 */
@FunctionalInterface
public interface FrameListener {

    /** Which way a frame went. */
    enum Direction {
        /** From the client to the server. */
        SENT,
        /** From the server to the client. */
        RECEIVED,
    }

    /**
     * Reports one frame.
     *
     * @param direction which way it went
     * @param frame the frame; its payload buffers are valid only during this call
     * @param length the frame's payload length on the wire (the Length field of RFC 9113 §4.1)
     * @param fields for the frame that ends a field block (HEADERS, PUSH_PROMISE or CONTINUATION with
     *     END_HEADERS), the block's decoded fields in order; otherwise empty
     */
    void frame(Direction direction, Frame frame, int length, List<HeaderField> fields);

    /**
     * Reports an HTTP/1.1 message head of an h2c upgrade (RFC 7540 §3.2): the request the client sent
     * and the response the server answered with. Does nothing unless overridden.
     *
     * @param direction which way it went
     * @param head the request or status line and the header lines, separated by CRLF, without the empty
     *     line that ends the head
     */
    default void upgrade(Direction direction, String head) {
    }
}

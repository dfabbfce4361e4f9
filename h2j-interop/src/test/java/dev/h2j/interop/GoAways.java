package dev.h2j.interop;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.client.FrameListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the GOAWAY frames a peer server sends h2j's client, to check how the server shut down (RFC
 * 9113 §6.8): with NO_ERROR, in one frame or two.
 */
final class GoAways implements FrameListener {
    /**
     * A GOAWAY as received.
     *
     * @param lastStreamId the last stream the server may have processed
     * @param errorCode why it went away
     */
    record Received(int lastStreamId, ErrorCode errorCode) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();

    @Override
    public void frame(Direction direction, Frame frame, int length, List<HeaderField> fields) {
        if (direction == Direction.RECEIVED && frame instanceof GoAwayFrame goAway) {
            received.add(new Received(goAway.lastStreamId(), goAway.errorCode()));
        }
    }

    /** The GOAWAY frames received so far, in order. */
    List<Received> received() {
        return List.copyOf(received);
    }
}

package dev.h2j.io.server;

import java.util.ArrayDeque;

/**
 * Chooses which stream sends the next frame: a plain round-robin over the streams that can send now,
 * one frame each in turn, so one large response does not hold back the others.
 *
 * <p>This is the seam for a priority scheduler (RFC 9218 urgency and incremental, or the RFC 7540 tree):
 * {@link #ready}, {@link #next} and {@link #remove} are all the connection uses.
 */
final class SendScheduler {
    private final ArrayDeque<ServerStream> rotation = new ArrayDeque<>();

    /** Puts a stream that can send now at the back of the rotation, unless it is in it already. */
    void ready(ServerStream stream) {
        if (stream.sending() != ServerStream.Sending.READY) {
            stream.sending(ServerStream.Sending.READY);
            rotation.addLast(stream);
        }
    }

    /**
     * Takes the stream whose turn it is out of the rotation; it comes back through {@link #ready} if it
     * has more to send after its frame.
     *
     * @return the stream, or null if no stream can send
     */
    ServerStream next() {
        ServerStream stream = rotation.pollFirst();
        if (stream != null) {
            stream.sending(ServerStream.Sending.IDLE);
        }
        return stream;
    }

    /** Forgets a stream that closed. */
    void remove(ServerStream stream) {
        if (stream.sending() == ServerStream.Sending.READY) {
            rotation.remove(stream);
        }
        stream.sending(ServerStream.Sending.IDLE);
    }

    /** Whether some stream can send now. */
    boolean hasReady() {
        return !rotation.isEmpty();
    }
}

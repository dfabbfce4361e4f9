package dev.h2j.io.server;

import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Receives a request body as it arrives, with backpressure: octets count against the HTTP/2
 * flow-control windows (RFC 9113 §5.2) until the listener releases them, so a listener that releases
 * late makes the client wait instead of making the server buffer.
 *
 * <p>Every method runs on the event-loop thread of the request's connection, in order, and must not
 * block. Set a listener with {@link Request#onBody(BodyListener)}.
 *
 * <pre>{@code
 * request.onBody(new BodyListener() {
 *     public void onData(ByteBuffer data, Runnable release) {
 *         response.write(data, release);   // echo: release once the octets went out
 *     }
 *     public void onEnd(List<HeaderField> trailers) {
 *         response.end();
 *     }
 * });
 * }</pre>
 */
public interface BodyListener {

    /**
     * Receives the next octets of the body.
     *
     * @param data the octets, a read-only buffer the listener may keep
     * @param release to run, once, from any thread, when the octets were consumed: only then are they
     *     credited back to the stream's and the connection's windows (WINDOW_UPDATE, coalesced). Until
     *     released they hold the connection window too, so keep few unreleased.
     */
    void onData(ByteBuffer data, Runnable release);

    /**
     * Says the body is complete.
     *
     * @param trailers the trailer fields (RFC 9113 §8.1), empty when the request had none
     */
    void onEnd(List<HeaderField> trailers);

    /**
     * Says the stream was reset before the body was complete: by the client (RST_STREAM), by the
     * server after a protocol error, or because the connection closed. No more calls follow.
     * The default does nothing.
     *
     * @param errorCode why, as RFC 9113 §7 codes it (CANCEL when the connection went away)
     */
    default void onReset(ErrorCode errorCode) {
    }
}

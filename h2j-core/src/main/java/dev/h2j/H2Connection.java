package dev.h2j;

import dev.h2j.event.Event;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.hpack.HeaderField;
import dev.h2j.internal.ConnectionCore;
import dev.h2j.priority.Priority;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/2 connection as a sans-I/O state machine: bytes in, events out, bytes to send collected in
 * a buffer. It never touches a socket, a thread or a clock.
 *
 * <p>Feed what the peer sent to {@link #receiveData(ByteBuffer)} and act on the returned
 * {@link Event}s; call the {@code send...} methods to act; after either, write
 * {@link #dataToSend()} to the peer.
 *
 * <pre>{@code
 * H2Connection conn = new H2Connection(H2Configuration.client());
 * conn.initiateConnection();
 * int id = conn.nextAvailableStreamId();
 * conn.sendHeaders(id, Headers.request("GET", "https", "example.com", "/").build(), true);
 * socket.write(conn.dataToSend());
 * for (Event e : conn.receiveData(bytesFromSocket)) { ... }
 * }</pre>
 *
 * <p>Two state machines drive it, as in python-hyper h2: a connection machine that forbids what the
 * role or a closing connection may not do, and a stream machine whose transition table is shared by
 * every stream. A refused call changes nothing: it throws an {@link H2Exception} with scope
 * {@link ErrorScope#CALLER} before any frame is queued or any state, window or compression table moves.
 * A peer's stream error resets that stream (RST_STREAM, and a {@link dev.h2j.event.StreamReset} event)
 * and the connection goes on; a peer's connection error queues GOAWAY and throws from
 * {@link #receiveData(ByteBuffer)} with the events parsed before it.
 *
 * <p>Thread safety: not thread-safe. One thread owns the connection, or every call holds one lock
 * around it; since it does no I/O, holding that lock is cheap.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113</a>
 */
public final class H2Connection {
    private final H2Configuration config;
    private final ConnectionCore core;

    /**
     * Creates a connection; nothing is sent until {@link #initiateConnection()}.
     *
     * @param config the role, validation options and limits
     * @throws NullPointerException if {@code config} is null
     */
    public H2Connection(H2Configuration config) {
        this.config = Objects.requireNonNull(config, "config");
        this.core = new ConnectionCore(config);
    }

    /**
     * Returns the configuration the connection was created with.
     *
     * @return the configuration
     */
    public H2Configuration configuration() {
        return config;
    }

    /**
     * Queues the connection preface: the client magic (for a client) and our SETTINGS, which carry the
     * configured {@link Limits}. Call once, before anything else.
     *
     * @throws H2Exception if the connection was already initiated
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-3.4">RFC 9113 §3.4</a>
     */
    public void initiateConnection() {
        core.initiateConnection();
    }

    /**
     * Starts a client's h2c upgrade (RFC 7540 §3.2): queues the preface as {@link #initiateConnection()}
     * does, opens stream 1 for the request sent over HTTP/1.1 (half-closed (local): its response comes
     * over HTTP/2), and returns the value of the {@code HTTP2-Settings} header to send with that request.
     *
     * @return our SETTINGS payload, base64url-encoded without padding
     * @throws H2Exception if this is a server, or the connection was already initiated
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-3.2">RFC 7540 §3.2</a>
     */
    public String initiateUpgradeConnection() {
        return core.initiateUpgradeConnection();
    }

    /**
     * Accepts a client's h2c upgrade on a server (RFC 7540 §3.2): applies the client's settings from its
     * {@code HTTP2-Settings} header (the 101 response acknowledges them), queues our SETTINGS, and opens
     * stream 1 half-closed (remote) for the request that came over HTTP/1.1: answer it with
     * {@link #sendHeaders(int, List, boolean)} on stream 1. The client's preface is still expected.
     *
     * @param settingsHeader the value of the request's {@code HTTP2-Settings} header
     * @throws H2Exception if this is a client, the connection was already initiated, or the header is
     *     not a valid base64url SETTINGS payload
     * @throws NullPointerException if {@code settingsHeader} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-3.2.1">RFC 7540 §3.2.1</a>
     */
    public void initiateUpgradeConnection(String settingsHeader) {
        core.initiateUpgradeConnection(Objects.requireNonNull(settingsHeader, "settingsHeader"));
    }

    /**
     * Returns the stream id the next {@link #sendHeaders(int, List, boolean)} (client) or
     * {@link #pushStream(int, int, List)} (server) should use: ids only increase (RFC 9113 §5.1.1). The id
     * is not reserved by this call.
     *
     * @return the next odd (client) or even (server) stream id
     * @throws NoAvailableStreamIdException if every id of this endpoint was used
     */
    public int nextAvailableStreamId() {
        return core.nextAvailableStreamId();
    }

    /**
     * Processes octets received from the peer: the frames they complete turn the state machines, and
     * control frames that need an answer (PING, SETTINGS) get it queued. Input may be split anywhere; a
     * partial frame waits for the next call.
     *
     * @param data the octets; consumed to its limit
     * @return the events, in the order the frames caused them
     * @throws H2Exception with scope {@link ErrorScope#CONNECTION} when the peer broke a connection-level
     *     rule: GOAWAY is queued, {@link H2Exception#events()} holds the events parsed before the error,
     *     and later calls discard their input (a peer that makes the connection queue more than
     *     {@link Limits#maxQueuedControlFrames()} answers while the output is not drained is such an
     *     error, ENHANCE_YOUR_CALM); or with scope {@link ErrorScope#CALLER} before
     *     {@link #initiateConnection()}
     * @throws NullPointerException if {@code data} is null
     */
    public List<Event> receiveData(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        List<Event> events = new ArrayList<>();
        try {
            core.receiveData(data, events);
        } catch (H2Exception e) {
            e.events(events);
            // After a connection error the rest of the input is discarded, as later calls discard theirs.
            data.position(data.limit());
            throw e;
        }
        return events;
    }

    /**
     * Sends a field block on a stream: a request opens a new stream (clients; use
     * {@link #nextAvailableStreamId()}), a response or interim (1xx) response answers one, trailers end
     * one. Which it is, the stream's state decides, and the matching rules of RFC 9113 §8 are checked
     * (unless switched off in the configuration) before anything is encoded.
     *
     * @param streamId the stream
     * @param headers the fields in order, pseudo-header fields first
     * @param endStream whether to set END_STREAM
     * @throws H2Exception (scope {@link ErrorScope#CALLER}) if the state, the role, a GOAWAY, the peer's
     *     concurrency limit ({@link TooManyStreamsException}), a stream id rule
     *     ({@link StreamIdTooLowException}), a closed stream ({@link StreamClosedException}) or a header
     *     rule forbids it; nothing changed
     * @throws OutboundBufferFullException if the outbound buffer is at its soft limit; nothing changed
     * @throws NullPointerException if {@code headers} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
     */
    public void sendHeaders(int streamId, List<HeaderField> headers, boolean endStream) {
        core.sendHeaders(streamId, Objects.requireNonNull(headers, "headers"), endStream, null);
    }

    /**
     * Sends a field block with RFC 7540 priority fields; see {@link #sendHeaders(int, List, boolean)}.
     *
     * @param streamId the stream
     * @param headers the fields in order, pseudo-header fields first
     * @param endStream whether to set END_STREAM
     * @param priority the priority fields of the HEADERS frame
     * @throws H2Exception as {@link #sendHeaders(int, List, boolean)} does, and if the stream would depend
     *     on itself (RFC 7540 §5.3.1)
     * @throws NullPointerException if {@code headers} or {@code priority} is null
     */
    public void sendHeaders(int streamId, List<HeaderField> headers, boolean endStream, PrioritySpec priority) {
        core.sendHeaders(streamId, Objects.requireNonNull(headers, "headers"), endStream,
                Objects.requireNonNull(priority, "priority"));
    }

    /**
     * Sends one DATA frame. The library never splits data: send at most
     * {@link #localFlowControlWindow(int)} and {@link #maxOutboundFrameSize()} octets per call.
     *
     * @param streamId the stream
     * @param data the octets between position and limit; the position is left as it was
     * @param endStream whether to set END_STREAM
     * @throws FlowControlException if the data exceed the stream or connection window; nothing changed
     * @throws FrameTooLargeException if the data exceed the peer's SETTINGS_MAX_FRAME_SIZE
     * @throws H2Exception if the stream's state does not allow DATA (before the headers, after END_STREAM)
     * @throws OutboundBufferFullException if the outbound buffer is at its soft limit; nothing changed
     * @throws NullPointerException if {@code data} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.1">RFC 9113 §6.1</a>
     */
    public void sendData(int streamId, ByteBuffer data, boolean endStream) {
        core.sendData(streamId, Objects.requireNonNull(data, "data").duplicate(), endStream, -1, false);
    }

    /**
     * Sends one DATA frame without copying its payload: the connection keeps a read-only view of
     * {@code data} in its outbound buffer, and the octets are read only when {@code dataToSend} takes
     * them ({@link #dataToSend(GatheringByteChannel)} hands the view itself to the channel). Until then the
     * caller must leave the content unchanged: use it for content that never changes (a shared body, a
     * file mapped read-only) or for a buffer the caller does not reuse before {@link #outboundSize()} is 0.
     * A payload shorter than {@link dev.h2j.frame.FrameBuffer#MIN_SHARED_LENGTH} (1 KiB) is copied at once
     * instead, which costs less than the reference. Otherwise it behaves like
     * {@link #sendData(int, ByteBuffer, boolean)}, whose copy is the safe default; the octets count toward
     * {@link #outboundSize()} and the soft limit all the same.
     *
     * @param streamId the stream
     * @param data the octets between position and limit; the position is left as it was
     * @param endStream whether to set END_STREAM
     * @throws FlowControlException if the data exceed the stream or connection window; nothing changed
     * @throws FrameTooLargeException if the data exceed the peer's SETTINGS_MAX_FRAME_SIZE
     * @throws H2Exception if the stream's state does not allow DATA (before the headers, after END_STREAM)
     * @throws OutboundBufferFullException if the outbound buffer is at its soft limit; nothing changed
     * @throws NullPointerException if {@code data} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.1">RFC 9113 §6.1</a>
     */
    public void sendDataByReference(int streamId, ByteBuffer data, boolean endStream) {
        // Not duplicated here: the outbound buffer keeps a read-only duplicate and moves no position of data.
        core.sendData(streamId, Objects.requireNonNull(data, "data"), endStream, -1, true);
    }

    /**
     * Sends one padded DATA frame; padding and its length octet count toward flow control.
     *
     * @param streamId the stream
     * @param data the octets between position and limit; the position is left as it was
     * @param endStream whether to set END_STREAM
     * @param padLength the padding octets, 0 to 255
     * @throws FlowControlException if data plus padding exceed a window
     * @throws FrameTooLargeException if data plus padding exceed the peer's SETTINGS_MAX_FRAME_SIZE
     * @throws H2Exception if the stream's state does not allow DATA
     * @throws IllegalArgumentException if {@code padLength} is outside 0 to 255
     * @throws NullPointerException if {@code data} is null
     */
    public void sendData(int streamId, ByteBuffer data, boolean endStream, int padLength) {
        if (padLength < 0 || padLength > 255) {
            throw new IllegalArgumentException("RFC 9113 §6.1: padLength " + padLength + " is outside 0 to 255");
        }
        core.sendData(streamId, Objects.requireNonNull(data, "data").duplicate(), endStream, padLength, false);
    }

    /**
     * Ends our side of a stream with an empty DATA frame carrying END_STREAM.
     *
     * @param streamId the stream
     * @throws H2Exception if the stream's state does not allow it
     */
    public void endStream(int streamId) {
        core.sendData(streamId, ByteBuffer.allocate(0), true, -1, false);
    }

    /**
     * Opens the connection's inbound flow-control window by {@code increment} with a WINDOW_UPDATE on
     * stream 0 (manual flow control).
     *
     * @param increment 1 to 2^31-1 octets
     * @throws FlowControlException if the window would pass 2^31-1
     * @throws IllegalArgumentException if {@code increment} is below 1
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.9">RFC 9113 §6.9</a>
     */
    public void incrementFlowControlWindow(int increment) {
        core.incrementFlowControlWindow(increment, 0);
    }

    /**
     * Opens a stream's inbound flow-control window by {@code increment} (manual flow control).
     *
     * @param increment 1 to 2^31-1 octets
     * @param streamId the stream
     * @throws FlowControlException if the window would pass 2^31-1
     * @throws H2Exception if the stream is idle or closed
     * @throws IllegalArgumentException if {@code increment} is below 1
     */
    public void incrementFlowControlWindow(int increment, int streamId) {
        core.incrementFlowControlWindow(increment, streamId);
    }

    /**
     * Tells the automatic flow-control strategy that the application processed {@code size} received
     * octets of a stream: pass {@link dev.h2j.event.DataReceived#flowControlledLength()}, padding
     * included. WINDOW_UPDATE frames are coalesced: one goes out for the connection and for the stream
     * when at least half of the window was processed (sooner when a window is shut), as h2's
     * WindowManager does. A closed stream only frees the connection window.
     *
     * @param size the octets processed, 0 or more
     * @param streamId the stream they arrived on
     * @throws IllegalArgumentException if {@code size} is negative or {@code streamId} is below 1
     * @throws NoSuchStreamException if the stream is idle: no DATA arrived on it; nothing changed
     * @throws H2Exception if the connection is closed
     */
    public void acknowledgeReceivedData(int size, int streamId) {
        core.acknowledgeReceivedData(size, streamId);
    }

    /**
     * Promises a pushed response (servers): queues PUSH_PROMISE on {@code streamId} reserving
     * {@code promisedStreamId}, whose response is then sent with {@link #sendHeaders(int, List, boolean)}.
     *
     * @param streamId the client's stream the push belongs to (open or half-closed (remote))
     * @param promisedStreamId the new stream, from {@link #nextAvailableStreamId()}
     * @param requestHeaders the promised request: a safe method, with every request pseudo-header
     * @throws H2Exception if this is a client, the client disabled push, the parent's state does not
     *     allow it, the id is not new, or the headers are not a valid promised request
     * @throws OutboundBufferFullException if the outbound buffer is at its soft limit; nothing changed
     * @throws NullPointerException if {@code requestHeaders} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.4">RFC 9113 §8.4</a>
     */
    public void pushStream(int streamId, int promisedStreamId, List<HeaderField> requestHeaders) {
        core.pushStream(streamId, promisedStreamId, Objects.requireNonNull(requestHeaders, "requestHeaders"));
    }

    /**
     * Sends a PING; the peer's ACK arrives as a {@link dev.h2j.event.PingAckReceived} with the same data.
     *
     * @param opaqueData the 8 octets to echo
     * @throws H2Exception if the connection is not open
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.7">RFC 9113 §6.7</a>
     */
    public void ping(long opaqueData) {
        core.ping(opaqueData);
    }

    /**
     * Resets a stream with RST_STREAM; frames the peer had already sent on it are discarded quietly.
     *
     * @param streamId the stream
     * @param errorCode why, usually {@link ErrorCode#CANCEL}
     * @throws H2Exception if the stream is idle or closed
     * @throws NullPointerException if {@code errorCode} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.4">RFC 9113 §6.4</a>
     */
    public void resetStream(int streamId, ErrorCode errorCode) {
        core.resetStream(streamId, Objects.requireNonNull(errorCode, "errorCode"));
    }

    /**
     * Sends GOAWAY naming the last peer stream we processed (or the last stream id of an earlier GOAWAY,
     * if lower). With {@link ErrorCode#NO_ERROR} streams in
     * flight finish and no new ones start; with any other code the connection is closed at once.
     *
     * @param errorCode the reason
     * @throws H2Exception if the connection is not open
     * @throws NullPointerException if {@code errorCode} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
     */
    public void closeConnection(ErrorCode errorCode) {
        core.closeConnection(Objects.requireNonNull(errorCode, "errorCode"), -1, ByteBuffer.allocate(0));
    }

    /**
     * Sends GOAWAY with an explicit last stream id and debug data.
     *
     * @param errorCode the reason
     * @param lastStreamId the highest peer stream that was or may be processed, 0 to 2^31-1, not above
     *     that of an earlier GOAWAY
     * @param debugData opaque diagnostic octets, between position and limit
     * @throws H2Exception if the connection is not open, or {@code lastStreamId} is above an earlier one
     * @throws NullPointerException if {@code errorCode} or {@code debugData} is null
     */
    public void closeConnection(ErrorCode errorCode, int lastStreamId, ByteBuffer debugData) {
        if (lastStreamId < 0) {
            throw new IllegalArgumentException("RFC 9113 §6.8: last stream id " + lastStreamId + " is negative");
        }
        core.closeConnection(Objects.requireNonNull(errorCode, "errorCode"), lastStreamId,
                Objects.requireNonNull(debugData, "debugData").duplicate());
    }

    /**
     * Starts a graceful shutdown. A server sends GOAWAY with last stream id 2^31-1 and a PING; when the
     * PING's ACK arrives, every request the client sent before it saw the GOAWAY has arrived, and the
     * final GOAWAY with the real last stream id goes out by itself. A client sends one GOAWAY. Either
     * way streams in flight finish, and PING, SETTINGS and WINDOW_UPDATE keep working.
     *
     * @throws H2Exception if the connection is not open, or already shutting down
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
     */
    public void closeGracefully() {
        core.closeGracefully();
    }

    /**
     * Sends SETTINGS; the new values apply when the peer acknowledges them, in order, and a
     * {@link dev.h2j.event.SettingsAcknowledged} event reports it. Lower limits (concurrent streams,
     * header list size) are enforced at once.
     *
     * @param settings the settings to change
     * @throws InvalidSettingsValueException if a server enables push, extended CONNECT is switched off
     *     after being on, or SETTINGS_NO_RFC7540_PRIORITIES differs from the first SETTINGS frame's value
     *     (RFC 9218 §2.1)
     * @throws NullPointerException if {@code settings} or an element is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5">RFC 9113 §6.5</a>
     */
    public void updateSettings(List<Setting> settings) {
        core.updateSettings(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Sends ALTSVC on stream 0 for an origin (servers).
     *
     * @param fieldValue the Alt-Svc field value, for example {@code h2=":8443"}
     * @param origin the origin it applies to, for example {@code https://example.com}
     * @throws H2Exception if this is a client
     * @throws NullPointerException if an argument is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7838#section-4">RFC 7838 §4</a>
     */
    public void advertiseAlternativeService(String fieldValue, String origin) {
        core.advertiseAlternativeService(Objects.requireNonNull(fieldValue, "fieldValue"),
                Objects.requireNonNull(origin, "origin"), 0);
    }

    /**
     * Sends ALTSVC on a stream: the alternative applies to that stream's request origin (servers).
     *
     * @param fieldValue the Alt-Svc field value
     * @param streamId the stream
     * @throws H2Exception if this is a client, or the stream is idle or closed
     * @throws NullPointerException if {@code fieldValue} is null
     */
    public void advertiseAlternativeService(String fieldValue, int streamId) {
        core.advertiseAlternativeService(Objects.requireNonNull(fieldValue, "fieldValue"), "", streamId);
    }

    /**
     * Sends ORIGIN: the origins this connection is authoritative for (servers).
     *
     * @param origins ASCII origins, for example {@code https://example.com}
     * @throws H2Exception if this is a client
     * @throws NullPointerException if {@code origins} or an element is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc8336#section-2">RFC 8336 §2</a>
     */
    public void sendOrigin(List<String> origins) {
        core.sendOrigin(List.copyOf(origins));
    }

    /**
     * Sends a PRIORITY frame (RFC 7540 priorities). It touches no stream state: any stream may be named,
     * in any state. A peer that sent SETTINGS_NO_RFC7540_PRIORITIES 1 ignores it
     * ({@link #ignoresRfc7540Priorities()}; RFC 9218 §2.1.1 suggests not sending it then).
     *
     * @param streamId the stream
     * @param priority its dependency, weight and exclusivity
     * @throws H2Exception if the stream would depend on itself (RFC 7540 §5.3.1)
     * @throws NullPointerException if {@code priority} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.3.2">RFC 9113 §5.3.2</a>
     */
    public void prioritize(int streamId, PrioritySpec priority) {
        core.prioritize(streamId, Objects.requireNonNull(priority, "priority"));
    }

    /**
     * Sends a PRIORITY_UPDATE frame (RFC 9218 §7.1, clients only): the new priority of a request's
     * response, or of a pushed response. A request may be prioritized before it is sent (its stream still
     * idle), but idle prioritized streams count with the open ones against the server's
     * SETTINGS_MAX_CONCURRENT_STREAMS. The initial priority of a request usually travels in its
     * {@code priority} header field instead: add {@code ("priority", priority.fieldValue())} to it.
     *
     * @param streamId the request's stream (idle, open or closed), or a pushed stream that was promised
     * @param priority the new urgency and incremental parameters
     * @throws H2Exception if this is a server (RFC 9218 §7.1: servers must not send PRIORITY_UPDATE), or the
     *     stream is a push stream that is still idle
     * @throws TooManyStreamsException if the stream is idle and one more idle prioritized stream would pass
     *     the server's SETTINGS_MAX_CONCURRENT_STREAMS
     * @throws IllegalArgumentException if {@code streamId} is below 1
     * @throws NullPointerException if {@code priority} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-7.1">RFC 9218 §7.1</a>
     */
    public void prioritize(int streamId, Priority priority) {
        core.sendPriorityUpdate(streamId, Objects.requireNonNull(priority, "priority").fieldValue());
    }

    /**
     * Returns whether RFC 7540 priority signals are ignored on this connection: we sent
     * SETTINGS_NO_RFC7540_PRIORITIES 1 ({@link H2Configuration#noRfc7540Priorities()}), so we said we would,
     * or the peer sent it, and RFC 9218 §2.1 says its signals must then be ignored. Received PRIORITY frames
     * and HEADERS priority fields are still checked against their frame rules, but produce no
     * {@link dev.h2j.event.PriorityUpdated} events; RFC 9218's {@code priority} header and PRIORITY_UPDATE
     * frames are the signals that remain.
     *
     * <p>The answer can change only when the peer's first SETTINGS frame arrives: the setting must not
     * change after it, and a peer that changes it commits a connection error PROTOCOL_ERROR.
     *
     * @return whether RFC 7540 signals are ignored
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-2.1">RFC 9218 §2.1</a>
     */
    public boolean ignoresRfc7540Priorities() {
        return core.ignoresRfc7540Priorities();
    }

    /**
     * Sends a frame of an extension type (RFC 9113 §5.5); peers that do not know it ignore it.
     *
     * @param typeCode the frame type, not one h2j knows
     * @param flags the flags octet
     * @param streamId the stream, or 0
     * @param payload the payload, between position and limit
     * @throws IllegalArgumentException if {@code typeCode} is a known type or the payload is too large
     * @throws NullPointerException if {@code payload} is null
     */
    public void sendUnknownFrame(int typeCode, int flags, int streamId, ByteBuffer payload) {
        core.sendUnknownFrame(typeCode, flags, streamId, Objects.requireNonNull(payload, "payload").duplicate());
    }

    /**
     * Returns how many DATA octets may be sent on a stream now: the smaller of its window and the
     * connection's, and 0 when a SETTINGS change took a window below zero. For stream 0, the
     * connection's window alone.
     *
     * @param streamId the stream, or 0 for the connection
     * @return the octets
     * @throws H2Exception if the stream is idle or closed
     */
    public long localFlowControlWindow(int streamId) {
        return core.localFlowControlWindow(streamId);
    }

    /**
     * Returns how many DATA octets may be sent on a stream now, or -1 when no DATA may be sent on it any
     * more (it is idle or closed, we ended it, or the connection closed on an error); never throws. For
     * {@link ConnectionScheduler}, which drops streams that ended.
     */
    long sendableWindow(int streamId) {
        return core.sendableWindow(streamId);
    }

    /**
     * Returns how many DATA octets the peer may send on a stream now: the smaller of its inbound window
     * and the connection's. For stream 0, the connection's inbound window alone.
     *
     * @param streamId the stream, or 0 for the connection
     * @return the octets
     * @throws H2Exception if the stream is idle or closed
     */
    public long remoteFlowControlWindow(int streamId) {
        return core.remoteFlowControlWindow(streamId);
    }

    /**
     * Returns how many streams the peer started are open or half-closed (RFC 9113 §5.1.2).
     *
     * @return the count
     */
    public int openInboundStreams() {
        return core.openInboundStreams();
    }

    /**
     * Returns how many streams we started are open or half-closed (RFC 9113 §5.1.2).
     *
     * @return the count
     */
    public int openOutboundStreams() {
        return core.openOutboundStreams();
    }

    /**
     * Returns the streams that have been unable to send DATA for at least {@code threshold}: their state
     * allows DATA, but their flow-control window or the connection's has been 0 or below since that long
     * (RFC 9113 §6.9). A peer that never opens its windows holds those streams, and the responses waiting
     * for them, for as long as the connection lives (SECURITY.md #22, CVE-2016-1546); the connection
     * cannot time that out itself, so a driver asks now and then and resets what is listed, or closes the
     * connection. Whether the application has anything left to send is the application's to know.
     *
     * <p>Time is the connection's clock, {@link H2Configuration#clock()}: with the caller's clock the
     * threshold is real time; in frame time it counts only frames received, so a peer that stalls and
     * then stays silent stops the clock, while one that keeps the connection alive with PINGs does not.
     *
     * <pre>{@code
     * for (int id : conn.stalledStreams(Duration.ofSeconds(30))) {
     *     conn.resetStream(id, ErrorCode.CANCEL);
     * }
     * }</pre>
     *
     * @param threshold how long a stream must have been blocked, 0 or more
     * @return the stream ids, ascending; empty if none
     * @throws IllegalArgumentException if {@code threshold} is negative
     * @throws NullPointerException if {@code threshold} is null
     */
    public List<Integer> stalledStreams(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("threshold " + threshold + " is negative");
        }
        // Past 292 years, as long as the clock can count: nothing has stalled that long.
        long nanos = threshold.compareTo(Duration.ofNanos(Long.MAX_VALUE)) < 0 ? threshold.toNanos() : Long.MAX_VALUE;
        return core.stalledStreams(nanos);
    }

    /**
     * Returns how many streams hold state in this connection: open, half-closed and reserved ones. A
     * closed stream holds none; only the ids of the last {@link Limits#recentlyResetStreams()} streams
     * this endpoint reset are remembered. With {@link #bufferedInboundSize()} and {@link #outboundSize()}
     * it tells how much the peer has made the connection keep.
     *
     * @return the count
     */
    public int activeStreams() {
        return core.activeStreams();
    }

    /**
     * Returns how many received octets the connection holds until more arrive: a frame split across
     * calls (at most {@link #maxInboundFrameSize()} octets) and a field block still waiting for its
     * CONTINUATION frames (at most {@link Limits#maxHeaderBlockSize()} octets).
     *
     * @return the octets, 0 when the input so far ended on a complete frame and field block
     */
    public int bufferedInboundSize() {
        return core.bufferedInboundSize();
    }

    /**
     * Returns our settings as the peer acknowledged them.
     *
     * @return the settings
     */
    public Settings localSettings() {
        return core.localSettings();
    }

    /**
     * Returns the peer's settings as last received.
     *
     * @return the settings
     */
    public Settings remoteSettings() {
        return core.remoteSettings();
    }

    /**
     * Returns the largest frame payload we may send: the peer's SETTINGS_MAX_FRAME_SIZE.
     *
     * @return the octets
     */
    public int maxOutboundFrameSize() {
        return core.maxOutboundFrameSize();
    }

    /**
     * Returns the largest frame payload we accept: our acknowledged SETTINGS_MAX_FRAME_SIZE.
     *
     * @return the octets
     */
    public int maxInboundFrameSize() {
        return core.maxInboundFrameSize();
    }

    /**
     * Returns whether headers and data may be queued now: fewer than {@link Limits#outboundBufferSize()}
     * octets wait to be sent. While it is false, {@link #sendHeaders(int, List, boolean)},
     * {@link #sendData(int, ByteBuffer, boolean)} and {@link #pushStream(int, int, List)} throw
     * {@link OutboundBufferFullException}; drain {@link #dataToSend()} first.
     *
     * @return whether the outbound buffer has room
     */
    public boolean isWritable() {
        return core.isWritable();
    }

    /**
     * Returns how many octets wait in the outbound buffer.
     *
     * @return the octets
     */
    public int outboundSize() {
        return core.outboundSize();
    }

    /**
     * Takes every octet waiting to be sent.
     *
     * @return a new buffer, empty when nothing waits
     */
    public ByteBuffer dataToSend() {
        return core.dataToSend(Integer.MAX_VALUE);
    }

    /**
     * Takes at most {@code max} octets from the front of the outbound buffer; the rest waits for the next
     * call. Once taken, octets cannot be put back.
     *
     * @param max the most octets to take, 0 or more
     * @return a new buffer of at most {@code max} octets
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public ByteBuffer dataToSend(int max) {
        return core.dataToSend(max);
    }

    /**
     * Moves as many waiting octets as fit into {@code dst}, without allocating.
     *
     * @param dst the destination; its position advances
     * @return the octets moved
     * @throws NullPointerException if {@code dst} is null
     */
    public int dataToSend(ByteBuffer dst) {
        return core.dataToSend(Objects.requireNonNull(dst, "dst"));
    }

    /**
     * Writes waiting octets to {@code channel} with gathering writes, straight from the outbound buffer
     * and from the buffers given to {@link #sendDataByReference(int, ByteBuffer, boolean)}, without copying
     * them into a buffer of the caller's first. It writes until nothing waits or a write takes no octets (a
     * non-blocking channel that is full); what the channel took is gone from the outbound buffer, also
     * when the channel throws. The buffers the channel sees are valid only during the call.
     *
     * @param channel the destination, for example a {@link java.nio.channels.SocketChannel}
     * @return the octets written, 0 or more
     * @throws IOException if the channel throws it; the octets it took before are not sent again
     * @throws NullPointerException if {@code channel} is null
     */
    public long dataToSend(GatheringByteChannel channel) throws IOException {
        return core.dataToSend(Objects.requireNonNull(channel, "channel"));
    }

    /** Drops every octet waiting to be sent (for example after the socket failed). */
    public void clearOutboundDataBuffer() {
        core.clearOutboundDataBuffer();
    }
}

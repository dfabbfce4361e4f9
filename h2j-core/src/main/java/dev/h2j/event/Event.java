package dev.h2j.event;

/**
 * Something that happened on an HTTP/2 connection, as {@link dev.h2j.H2Connection#receiveData(java.nio.ByteBuffer)} reports
 * it: one record per kind of event, in the order the frames caused them.
 *
 * <p>Events are immutable values, built complete. Events that one frame causes together are linked as
 * <em>related events</em> (for example {@link RequestReceived#streamEnded()}); the related events also
 * appear on their own in the returned list, right after the event that names them, so a consumer that
 * reads related events must not handle them twice.
 *
 * <p>The interface is sealed: consumers dispatch with {@code instanceof} patterns, and the list of
 * permitted records is the complete list of events.
 */
public sealed interface Event permits
        RequestReceived, ResponseReceived, TrailersReceived, InformationalResponseReceived,
        DataReceived, StreamEnded, WindowUpdated, RemoteSettingsChanged, SettingsAcknowledged,
        PingReceived, PingAckReceived, StreamReset, PushedStreamReceived, PriorityUpdated,
        ConnectionTerminated, AlternativeServiceAvailable, UnknownFrameReceived, OriginReceived,
        PriorityUpdateReceived {
}

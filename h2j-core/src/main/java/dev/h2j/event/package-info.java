/**
 * The events an HTTP/2 connection reports: a sealed interface, {@link dev.h2j.event.Event}, with one
 * record per kind of event, returned in order by {@link dev.h2j.H2Connection#receiveData(java.nio.ByteBuffer)}.
 *
 * <p>The main events:
 * <ul>
 *   <li>messages: {@link dev.h2j.event.RequestReceived} (server side),
 *       {@link dev.h2j.event.InformationalResponseReceived} and {@link dev.h2j.event.ResponseReceived}
 *       (client side), {@link dev.h2j.event.DataReceived}, {@link dev.h2j.event.TrailersReceived} and
 *       {@link dev.h2j.event.StreamEnded};</li>
 *   <li>stream ends and pushes: {@link dev.h2j.event.StreamReset},
 *       {@link dev.h2j.event.PushedStreamReceived};</li>
 *   <li>flow control: {@link dev.h2j.event.WindowUpdated}; received data is returned to the peer with
 *       {@link dev.h2j.event.DataReceived#flowControlledLength()};</li>
 *   <li>connection: {@link dev.h2j.event.RemoteSettingsChanged} and
 *       {@link dev.h2j.event.SettingsAcknowledged} (each a map of {@link dev.h2j.event.ChangedSetting}),
 *       {@link dev.h2j.event.PingReceived}, {@link dev.h2j.event.PingAckReceived},
 *       {@link dev.h2j.event.ConnectionTerminated} (GOAWAY);</li>
 *   <li>priorities: {@link dev.h2j.event.PriorityUpdated} (RFC 7540 priority fields, not reported once
 *       SETTINGS_NO_RFC7540_PRIORITIES disabled them) and {@link dev.h2j.event.PriorityUpdateReceived}
 *       (RFC 9218's PRIORITY_UPDATE, its urgency and incremental in {@code priority()});
 *       {@link dev.h2j.event.RequestReceived#priority()} reads a request's {@code priority} header;</li>
 *   <li>extensions: {@link dev.h2j.event.AlternativeServiceAvailable} (RFC 7838),
 *       {@link dev.h2j.event.OriginReceived} (RFC 8336) and
 *       {@link dev.h2j.event.UnknownFrameReceived} (any frame type h2j does not know).</li>
 * </ul>
 *
 * <p><strong>Related events.</strong> One frame can cause several events: a HEADERS frame with
 * END_STREAM and priority fields opens a request, ends the peer's half of the stream and reprioritizes
 * it. The main event names the others in its {@code streamEnded()} and {@code priorityUpdated()}
 * components (for example {@link dev.h2j.event.RequestReceived#streamEnded()}), and the related events
 * also appear in the event list, right after the main event. A consumer handles each event once:
 * either it reads the related events from the main event and skips them in the list, or it ignores
 * the components and handles every event in list order.
 *
 * <p>Events are immutable values, built complete and validated by their constructors; they are safe
 * to share between threads. Lists and maps are unmodifiable copies. Octets are
 * {@link java.nio.ByteBuffer}s read between position and limit; their accessors return a new
 * read-only duplicate on every call, so reading one never changes the event.
 *
 * <p>Null policy: no constructor accepts null and no accessor returns null; optional components are
 * {@link java.util.Optional} or {@link java.util.OptionalLong}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113</a>
 */
package dev.h2j.event;

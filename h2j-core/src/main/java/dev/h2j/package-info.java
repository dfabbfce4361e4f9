/**
 * The HTTP/2 connection: {@link H2Connection}, a sans-I/O state machine (bytes in, events
 * out, bytes to send collected in a buffer), its configuration, and the exceptions it throws.
 *
 * <p>Main types:
 * <ul>
 *   <li>{@link dev.h2j.H2Connection}: the connection; {@link dev.h2j.H2Configuration} and
 *       {@link dev.h2j.Limits} configure it, {@link dev.h2j.Settings} reports the settings in force.</li>
 *   <li>{@link dev.h2j.Headers}: builds the ordered header lists the connection sends.</li>
 *   <li>{@link dev.h2j.H2Exception} and its subclasses: protocol errors, each with its RFC 9113 error
 *       code and an {@link dev.h2j.ErrorScope}; {@link dev.h2j.OutboundBufferFullException} is
 *       backpressure, not a protocol error.</li>
 *   <li>{@link dev.h2j.ConnectionScheduler}: a {@link dev.h2j.priority.Scheduler} fed by a
 *       connection's events, naming the stream that sends its next DATA frame (RFC 7540 or RFC 9218
 *       priorities, within the flow-control windows).</li>
 *   <li>{@link dev.h2j.StateMachines}: the connection and stream state machines, drawn from their
 *       transition tables as Graphviz DOT.</li>
 * </ul>
 *
 * <p>Header fields are {@link dev.h2j.hpack.HeaderField}s in ordered lists, pseudo-header fields first.
 *
 * <p>Thread safety: an {@code H2Connection} is not thread-safe (one owner at a time); the
 * configuration types, {@code Settings} and the events are immutable.
 *
 * <p>Null policy: no method accepts null unless its documentation says so, and none returns null.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113</a>
 */
package dev.h2j;

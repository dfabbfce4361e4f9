/**
 * An HTTP/2 server on {@code java.nio} around the sans-I/O {@link dev.h2j.H2Connection}.
 *
 * <p>Main types:
 * <ul>
 *   <li>{@link dev.h2j.io.server.H2Server} and its builder: listening sockets (TLS with ALPN h2, and
 *       cleartext with prior knowledge or an h2c upgrade), event loops, graceful shutdown.</li>
 *   <li>{@link dev.h2j.io.server.Handler}: the application, called once per request.</li>
 *   <li>{@link dev.h2j.io.server.Request} (header fields, priority signals, the body through a
 *       {@link dev.h2j.io.server.BodyListener}) and {@link dev.h2j.io.server.Response} (header fields,
 *       content from memory, from a channel or streamed, trailers, reset).</li>
 *   <li>{@link dev.h2j.io.server.AccessLogEntry}: one per finished stream.</li>
 * </ul>
 *
 * <p>Threading: each connection belongs to one event-loop thread, which alone touches its
 * {@code H2Connection} (the core is not thread-safe). Handlers and listeners run on that thread and must
 * not block; {@code Request} and {@code Response} may be used from any thread.
 *
 * <p>Null policy: no method accepts null unless its documentation says so, and none returns null.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113">RFC 9113</a>
 */
package dev.h2j.io.server;

/**
 * The h2j HTTP/2 client: {@link dev.h2j.io.client.H2Client} opens a
 * {@link dev.h2j.io.client.ClientConnection} to one origin (TLS with ALPN h2, cleartext with prior
 * knowledge, or the h2c upgrade), which sends many {@link dev.h2j.io.client.Request}s at once and
 * delivers each {@link dev.h2j.io.client.Response} whole or as a {@link dev.h2j.io.client.ResponseStream}
 * with backpressure. Failures are {@link dev.h2j.io.client.H2ClientException}s naming the HTTP/2 error
 * code involved; a {@link dev.h2j.io.client.FrameListener} sees every frame for tracing.
 *
 * <p>Blocking sockets, one reader and one writer thread per connection, and one lock around the
 * sans-I/O {@link dev.h2j.H2Connection}. Arguments are never null unless a method says so.
 */
package dev.h2j.io.client;

package dev.h2j.io.client;

import dev.h2j.Headers;
import dev.h2j.hpack.HeaderField;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A response whose header fields have arrived and whose body is read as it arrives, as
 * {@link ClientConnection#stream(Request)} delivers it.
 *
 * <p><strong>Backpressure.</strong> The body's octets are given back to the server's flow-control
 * windows (RFC 9113 §6.9) only as {@link #body()} reads them, so a slow reader holds the server back
 * instead of filling memory: at most the stream window (SETTINGS_INITIAL_WINDOW_SIZE of the client's
 * configuration, 65,535 octets by default) waits unread, which {@link InputStream#available()} tells.
 *
 * <p>Read the body to its end or {@link #close()} the response: until then it holds part of the
 * connection window. Closing before the end cancels the stream (RST_STREAM CANCEL). Body reads block;
 * one thread at a time may read.
 */
public final class ResponseStream implements Closeable {
    private final ClientConnection connection;
    private final Exchange exchange;
    private final int status;
    private final List<HeaderField> headers;
    private final InputStream body;

    ResponseStream(ClientConnection connection, Exchange exchange) {
        this.connection = connection;
        this.exchange = exchange;
        this.status = exchange.status;
        this.headers = exchange.headers;
        this.body = new Body();
    }

    /**
     * Returns the stream the response arrives on.
     *
     * @return the stream identifier
     */
    public int streamId() {
        return exchange.streamId;
    }

    /**
     * Returns the status code of the final response (interim 1xx responses are skipped).
     *
     * @return the status, 200 to 999
     */
    public int status() {
        return status;
    }

    /**
     * Returns the response's header fields in the order they arrived, {@code :status} first.
     *
     * @return the fields, unmodifiable
     */
    public List<HeaderField> headers() {
        return headers;
    }

    /**
     * Returns the first value of a header field.
     *
     * @param name the field name, lower case
     * @return the value, or empty if the response has no such field
     */
    public Optional<String> header(String name) {
        return Headers.first(headers, name);
    }

    /**
     * Returns the body: reads block until octets arrive and return -1 at END_STREAM. A read fails with a
     * {@link StreamResetException} or {@link GoAwayException} once the octets that arrived before the
     * stream failed have been read. Closing it before its end cancels the stream. The same stream is
     * returned on every call.
     *
     * @return the body
     */
    public InputStream body() {
        return body;
    }

    /**
     * Returns the trailers (RFC 9113 §8.1): they arrive after the body, so they are known once
     * {@link #body()} has returned -1.
     *
     * @return the trailer fields received so far; empty if the server sent none (or not yet)
     */
    public List<HeaderField> trailers() {
        return connection.trailers(exchange);
    }

    /**
     * Reads the rest of the body and returns the whole response.
     *
     * @return the response, with the octets not read before and the trailers
     * @throws IOException if the stream or connection fails first
     */
    public Response readAll() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        body.transferTo(rest);
        return new Response(streamId(), status, headers, rest.toByteArray(), trailers());
    }

    /**
     * Ends the response: if it has not ended, cancels its stream (RST_STREAM CANCEL, RFC 9113 §8.7) and
     * returns the unread octets' credit to the connection window. Does nothing after the end.
     */
    @Override
    public void close() {
        connection.discard(exchange);
    }

    /** The body as an input stream over the exchange's chunks. */
    private final class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : connection.read(exchange, b, off, len);
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, connection.available(exchange));
        }

        @Override
        public void close() {
            connection.discard(exchange);
        }
    }
}

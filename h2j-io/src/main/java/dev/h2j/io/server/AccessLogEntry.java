package dev.h2j.io.server;

import dev.h2j.frame.ErrorCode;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link H2Server} reports when a stream is over, for an access log: one per request.
 *
 * @param remoteAddress the client's address
 * @param protocol {@code "h2"} (over TLS) or {@code "h2c"} (cleartext, with prior knowledge or upgraded)
 * @param streamId the request's stream
 * @param method the {@code :method}
 * @param path the {@code :path}, empty when the request had none (CONNECT)
 * @param status the final response status, or 0 if no final response was sent
 * @param bytes the response content octets sent in DATA frames (padding not counted)
 * @param nanos from the socket read that completed the request's header block to the end of the stream, in
 *     nanoseconds
 * @param reset the error code if the stream ended with RST_STREAM (sent or received) or with the
 *     connection; NO_ERROR when the server stopped a request body nobody read after a complete response
 *     (RFC 9113 §8.1); empty when both sides ended the stream with END_STREAM
 */
public record AccessLogEntry(InetSocketAddress remoteAddress, String protocol, int streamId, String method,
        String path, int status, long bytes, long nanos, Optional<ErrorCode> reset) {

    /**
     * Checks the components.
     *
     * @param remoteAddress the {@code remoteAddress} component, described above
     * @param protocol the {@code protocol} component, described above
     * @param streamId the {@code streamId} component, described above
     * @param method the {@code method} component, described above
     * @param path the {@code path} component, described above
     * @param status the {@code status} component, described above
     * @param bytes the {@code bytes} component, described above
     * @param nanos the {@code nanos} component, described above
     * @param reset the {@code reset} component, described above
     * @throws NullPointerException if a component is null
     */
    public AccessLogEntry {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reset, "reset");
    }

    /**
     * Returns the duration in whole milliseconds.
     *
     * @return {@code nanos / 1_000_000}
     */
    public long millis() {
        return nanos / 1_000_000;
    }
}

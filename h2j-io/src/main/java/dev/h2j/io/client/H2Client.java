package dev.h2j.io.client;

import java.io.IOException;
import java.net.URI;

/**
 * Opens HTTP/2 client connections: the entry point of the h2j client.
 *
 * <pre>{@code
 * try (ClientConnection connection = H2Client.connect(URI.create("https://example.com/"))) {
 *     Response response = connection.execute(Request.get(URI.create("https://example.com/")));
 * }
 * }</pre>
 *
 * <p>One connection serves one origin (scheme, host and port); requests for another origin need a
 * connection of their own.
 */
public final class H2Client {

    private H2Client() {
    }

    /**
     * Connects to the origin of a URI with {@link ClientOptions#defaults()}.
     *
     * @param uri an {@code http} or {@code https} URI; only its scheme, host and port are used
     * @return the open connection
     * @throws H2ClientException if the TCP connection, the TLS handshake or ALPN fails
     * @throws IOException if an I/O error occurs while setting up the socket
     * @throws IllegalArgumentException if the URI is not absolute http or https with a host
     * @throws NullPointerException if {@code uri} is null
     */
    public static ClientConnection connect(URI uri) throws IOException {
        return connect(uri, ClientOptions.defaults());
    }

    /**
     * Connects to the origin of a URI: TCP, then for {@code https} TLS with ALPN h2 (RFC 9113 §3.2);
     * for {@code http}, prior knowledge sends the connection preface at once, and the h2c upgrade waits
     * for the first request (see {@link ClientConnection}).
     *
     * @param uri an {@code http} or {@code https} URI; only its scheme, host and port are used
     * @param options how to connect
     * @return the open connection
     * @throws H2ClientException if the TCP connection, the TLS handshake or ALPN fails
     * @throws IOException if an I/O error occurs while setting up the socket
     * @throws IllegalArgumentException if the URI is not absolute http or https with a host
     * @throws NullPointerException if an argument is null
     */
    public static ClientConnection connect(URI uri, ClientOptions options) throws IOException {
        java.util.Objects.requireNonNull(options, "options");
        return ClientConnection.open(uri, options);
    }
}

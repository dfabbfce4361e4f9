package dev.h2j.io.server;

import dev.h2j.Headers;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.hpack.HeaderField;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request an {@link H2Server} received: its header fields, its body and its priority signals.
 *
 * <p>The header fields are final when the {@link Handler} sees the request; the body arrives later,
 * through a {@link BodyListener}. Thread safety: every method may be called from any thread.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.3.1">RFC 9113 §8.3.1</a>
 */
public final class Request {
    private final ServerStream stream;
    private final List<HeaderField> headers;
    /** {@code :method} and {@code :path}, which handlers and the access log ask for each request. */
    private final String method;
    private final String path;
    private final InetSocketAddress remoteAddress;
    private final boolean secure;
    private volatile Optional<String> priority;
    private volatile Optional<PriorityUpdated> rfc7540Priority = Optional.empty();
    private boolean bodyClaimed;

    Request(ServerStream stream, List<HeaderField> headers, InetSocketAddress remoteAddress, boolean secure) {
        this.stream = stream;
        this.headers = List.copyOf(headers);
        this.remoteAddress = remoteAddress;
        this.secure = secure;
        this.priority = Headers.first(this.headers, "priority");
        this.method = Headers.first(this.headers, ":method").orElse("");
        this.path = Headers.first(this.headers, ":path").orElse("");
    }

    /**
     * Returns the request's stream.
     *
     * @return the stream identifier, odd (RFC 9113 §5.1.1)
     */
    public int streamId() {
        return stream.id();
    }

    /**
     * Returns the {@code :method}, such as {@code GET}.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * Returns the {@code :scheme}: {@code https} or {@code http} as the client sent it.
     *
     * @return the scheme, empty for a CONNECT request (RFC 9113 §8.5)
     */
    public String scheme() {
        return Headers.first(headers, ":scheme").orElse("");
    }

    /**
     * Returns the {@code :authority}: the host and port the client addressed.
     *
     * @return the authority, empty when the request had none
     */
    public String authority() {
        return Headers.first(headers, ":authority").orElse("");
    }

    /**
     * Returns the {@code :path}: path and query, as sent (still percent-encoded).
     *
     * @return the path, empty for a CONNECT request (RFC 9113 §8.5)
     */
    public String path() {
        return path;
    }

    /**
     * Returns every header field in the order received, pseudo-header fields first.
     *
     * @return an unmodifiable list
     */
    public List<HeaderField> headers() {
        return headers;
    }

    /**
     * Returns the value of the first field with the given name, compared without ASCII case.
     *
     * @param name the field name, such as {@code "accept"}
     * @return the value, or empty if there is no such field
     * @throws NullPointerException if {@code name} is null
     */
    public Optional<String> header(String name) {
        return Headers.first(headers, Objects.requireNonNull(name, "name"));
    }

    /**
     * Returns when the server had the request's header fields whole, as a {@link System#nanoTime()} value
     * taken after the socket read that completed them: the request arrived no later. A handler that
     * reuses what it looked up for earlier requests (a file's attributes, say) can tell from it whether a
     * lookup was made after this request arrived, and so is as fresh as one made for it.
     *
     * @return a {@link System#nanoTime()} value of this virtual machine
     */
    public long receivedNanos() {
        return stream.receivedNanos();
    }

    /**
     * Returns the address of the client.
     *
     * @return the remote address of the connection
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * Returns whether the request came over TLS.
     *
     * @return true for HTTP/2 over TLS, false for cleartext (h2c)
     */
    public boolean secure() {
        return secure;
    }

    /**
     * Returns the request's RFC 9218 priority: the value of its {@code priority} header field, replaced by
     * any PRIORITY_UPDATE frame received for this stream since, as a Structured Field Dictionary such as
     * {@code u=2, i} (RFC 9218 §4). On connections that use RFC 9218 priorities the server sends the
     * response's content in the order it asks (see {@link H2Server}); the application may reprioritize
     * with {@link Response#priority(dev.h2j.priority.Priority)}, which this value does not show.
     *
     * @return the latest priority field value, or empty if the client sent none
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-4">RFC 9218 §4</a>
     */
    public Optional<String> priority() {
        return priority;
    }

    /**
     * Returns the stream's RFC 7540 priority (dependency, weight, exclusive), from its HEADERS frame or the
     * latest PRIORITY frame for it. RFC 9113 §5.3.2 deprecates this scheme; h2j reports it as signalled,
     * and orders content by it on connections that do not use RFC 9218 priorities (see {@link H2Server}).
     *
     * @return the latest priority signal, or empty if the client sent none
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.3.2">RFC 9113 §5.3.2</a>
     */
    public Optional<PriorityUpdated> rfc7540Priority() {
        return rfc7540Priority;
    }

    /**
     * Starts receiving the body: the octets that already arrived are delivered first, then the rest as it
     * comes, then its end (with trailers) or a reset, all on the connection's event loop.
     *
     * <p>A request whose handler never calls this keeps at most one stream flow-control window of its body
     * unread (the client waits for more window); once the response is complete the stream is reset with
     * NO_ERROR, which asks the client to stop sending (RFC 9113 §8.1).
     *
     * @param listener receives the body
     * @throws IllegalStateException if a listener was already set
     * @throws NullPointerException if {@code listener} is null
     */
    public void onBody(BodyListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (bodyClaimed) {
                throw new IllegalStateException("the body of stream " + streamId() + " already has a listener");
            }
            bodyClaimed = true;
        }
        stream.connection().execute(() -> stream.listen(listener));
    }

    void priority(String value) {
        priority = Optional.of(value);
    }

    void rfc7540Priority(PriorityUpdated value) {
        rfc7540Priority = Optional.of(value);
    }

    /**
     * Returns the request as text, for logs.
     *
     * @return the stream, method and path
     */
    @Override
    public String toString() {
        return "Request[stream " + streamId() + ", " + method() + " " + path() + "]";
    }
}

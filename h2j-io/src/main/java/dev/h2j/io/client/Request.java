package dev.h2j.io.client;

import dev.h2j.hpack.HeaderField;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An HTTP request for a {@link ClientConnection}: method, target URI, header fields, an optional body
 * and optional trailers. Immutable, except that a body given as an {@link InputStream} is read once,
 * when the request is sent.
 *
 * <pre>{@code
 * Request get = Request.get(URI.create("https://example.com/"));
 * Request post = Request.newBuilder(URI.create("https://example.com/upload"))
 *         .method("POST").header("content-type", "application/octet-stream")
 *         .body(Files.newInputStream(path))
 *         .trailers(() -> List.of(HeaderField.of("x-checksum", checksum())))
 *         .build();
 * }</pre>
 *
 * <p>The pseudo-header fields come from the method and the URI ({@code :scheme}, {@code :authority} from
 * its host and port, {@code :path} from its raw path and query, {@code /} when empty); the header fields
 * given here follow them. A body given as a byte array gets a {@code content-length} field unless one was
 * given. Connection-specific fields (RFC 9113 §8.2.2) are dropped and names lower-cased by the core's
 * outbound normalisation.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.3.1">RFC 9113 §8.3.1</a>
 */
public final class Request {
    private static final Supplier<List<HeaderField>> NO_TRAILERS = List::of;

    private final String method;
    private final URI uri;
    private final String path;
    private final List<HeaderField> headers;
    private final Supplier<InputStream> body;
    private final Supplier<List<HeaderField>> trailers;

    private Request(Builder b, String path, List<HeaderField> headers) {
        this.method = b.method;
        this.uri = b.uri;
        this.path = path;
        this.headers = List.copyOf(headers);
        this.body = b.body;
        this.trailers = b.trailers;
    }

    /**
     * Starts a request for a URI: a GET without body or trailers until the builder says otherwise.
     *
     * @param uri an absolute {@code http} or {@code https} URI with a host
     * @return a builder
     * @throws IllegalArgumentException if the URI is not absolute http or https with a host
     * @throws NullPointerException if {@code uri} is null
     */
    public static Builder newBuilder(URI uri) {
        return new Builder(Origin.check(uri));
    }

    /**
     * Makes a GET request for a URI, without extra header fields.
     *
     * @param uri an absolute {@code http} or {@code https} URI with a host
     * @return the request
     * @throws IllegalArgumentException if the URI is not absolute http or https with a host
     * @throws NullPointerException if {@code uri} is null
     */
    public static Request get(URI uri) {
        return newBuilder(uri).build();
    }

    /** {@code OPTIONS *}, the h2c upgrade request used when the first request cannot carry the upgrade. */
    static Request optionsAsterisk(URI origin) {
        return new Request(new Builder(origin).method("OPTIONS"), "*", List.of());
    }

    /**
     * Returns the method.
     *
     * @return the method, such as {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the target URI.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * Returns the {@code :path} pseudo-header value: the URI's raw path and query.
     *
     * @return the path, {@code /} when the URI has none
     */
    public String path() {
        return path;
    }

    /**
     * Returns the header fields given to the builder, in order, without pseudo-header fields.
     *
     * @return the fields, unmodifiable
     */
    public List<HeaderField> headers() {
        return headers;
    }

    /**
     * Returns whether the request has a body (possibly empty) to send after its header fields.
     *
     * @return true if a body was given
     */
    public boolean hasBody() {
        return body != null;
    }

    /** Opens the body; called once, when the request is sent. */
    InputStream openBody() {
        return body.get();
    }

    /** Whether header fields are followed by anything: a body or trailers. */
    boolean hasContent() {
        return body != null || trailers != NO_TRAILERS;
    }

    /** The trailers, asked for once the body has been sent. */
    List<HeaderField> trailers() {
        return trailers.get();
    }

    /**
     * Builds a {@link Request}. Not thread-safe.
     */
    public static final class Builder {
        private final URI uri;
        private String method = "GET";
        private final List<HeaderField> headers = new ArrayList<>();
        private Supplier<InputStream> body;
        private boolean contentLengthGiven;
        private long knownLength = -1;
        private Supplier<List<HeaderField>> trailers = NO_TRAILERS;

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * Sets the method. Default {@code GET}.
         *
         * @param value a method token, such as {@code POST} or {@code HEAD}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is empty or not a token (RFC 9110 §9.1)
         * @throws NullPointerException if {@code value} is null
         */
        public Builder method(String value) {
            Objects.requireNonNull(value, "method");
            if (value.isEmpty() || !value.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("RFC 9110 §9.1: a method is a token, not \"" + value + "\"");
            }
            this.method = value;
            return this;
        }

        /**
         * Adds a header field after those added before.
         *
         * @param name the field name, not a pseudo-header field (those come from the method and URI)
         * @param value the field value
         * @return this builder
         * @throws IllegalArgumentException if the name is empty, starts with {@code :} or is not a token,
         *     or the value holds CR, LF or NUL (RFC 9113 §8.2.1)
         * @throws NullPointerException if an argument is null
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.startsWith(":")) {
                throw new IllegalArgumentException("RFC 9113 §8.3: pseudo-header field " + name
                        + " comes from the method and URI, not from header()");
            }
            if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("RFC 9113 §8.2.1: field name \"" + name + "\" is not a token");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("RFC 9113 §8.2.1: the value of " + name + " holds CR, LF or NUL");
            }
            if (name.equalsIgnoreCase("content-length")) {
                contentLengthGiven = true;
            }
            headers.add(HeaderField.of(name, value));
            return this;
        }

        /**
         * Sets the body to send: these octets, with a {@code content-length} field unless one was given.
         *
         * @param content the octets; copied
         * @return this builder
         * @throws NullPointerException if {@code content} is null
         */
        public Builder body(byte[] content) {
            byte[] copy = Objects.requireNonNull(content, "content").clone();
            this.body = () -> new ByteArrayInputStream(copy);
            this.knownLength = copy.length;
            return this;
        }

        /**
         * Sets the body to send: read from {@code content} while flow control allows, in the client's
         * executor, and closed at its end (or when the stream fails). The request can then be sent once.
         *
         * @param content the body; its end ends the request (or starts its trailers)
         * @return this builder
         * @throws NullPointerException if {@code content} is null
         */
        public Builder body(InputStream content) {
            Objects.requireNonNull(content, "content");
            this.body = () -> content;
            this.knownLength = -1;
            return this;
        }

        /**
         * Sets the trailers, sent after the body in a HEADERS frame with END_STREAM (RFC 9113 §8.1).
         *
         * @param fields the trailer fields, without pseudo-header fields
         * @return this builder
         * @throws NullPointerException if {@code fields} is null
         */
        public Builder trailers(List<HeaderField> fields) {
            List<HeaderField> copy = List.copyOf(fields);
            this.trailers = () -> copy;
            return this;
        }

        /**
         * Sets trailers computed once the body has been read, such as a checksum of a streamed body.
         *
         * @param fields called once, after the body's last octet was read; returns the trailer fields
         *     (an empty list sends none)
         * @return this builder
         * @throws NullPointerException if {@code fields} is null
         */
        public Builder trailers(Supplier<List<HeaderField>> fields) {
            this.trailers = Objects.requireNonNull(fields, "fields");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public Request build() {
            List<HeaderField> fields = new ArrayList<>(headers);
            if (knownLength >= 0 && !contentLengthGiven) {
                fields.add(HeaderField.of("content-length", Long.toString(knownLength)));
            }
            String raw = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return new Request(this, uri.getRawQuery() == null ? raw : raw + "?" + uri.getRawQuery(), fields);
        }

        // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_"
        // / "`" / "|" / "~" / DIGIT / ALPHA
        private static boolean isTokenChar(int c) {
            return c < 0x80 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
        }
    }

    /**
     * Describes the request for messages, such as {@code GET https://example.com:443/}.
     *
     * @return the method, origin and path
     */
    @Override
    public String toString() {
        return method + " " + Origin.of(uri) + path;
    }
}

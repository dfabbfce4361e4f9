package dev.h2j.io.client;

import dev.h2j.Headers;
import dev.h2j.hpack.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A complete HTTP response, body and trailers included, as {@link ClientConnection#send(Request)}
 * delivers it. Immutable.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
 */
public final class Response {
    private final int streamId;
    private final int status;
    private final List<HeaderField> headers;
    private final byte[] body;
    private final List<HeaderField> trailers;

    Response(int streamId, int status, List<HeaderField> headers, byte[] body, List<HeaderField> trailers) {
        this.streamId = streamId;
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.trailers = List.copyOf(trailers);
    }

    /**
     * Returns the stream the response arrived on.
     *
     * @return the stream identifier
     */
    public int streamId() {
        return streamId;
    }

    /**
     * Returns the status code of the final response (interim 1xx responses are not kept).
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
     * Returns the body.
     *
     * @return a copy of the body octets, empty for a response without content
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the trailers (RFC 9113 §8.1).
     *
     * @return the trailer fields, empty if the server sent none
     */
    public List<HeaderField> trailers() {
        return trailers;
    }
}

package dev.h2j;

import dev.h2j.hpack.HeaderField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A builder for the field list of a request, a response or trailers, and lookups in such lists.
 *
 * <p>h2j carries header fields as ordered lists of {@link HeaderField}, pseudo-header fields first
 * (RFC 9113 §8.3). The factories start a list with the pseudo-header fields of its kind; {@link #add}
 * appends fields; {@link #build()} returns an unmodifiable list with every pseudo-header field (those
 * from the factory, then any added with a name starting with {@code ':'}, such as RFC 8441's
 * {@code :protocol}) ahead of the regular fields, each group in insertion order.
 *
 * <pre>{@code
 * List<HeaderField> request = Headers.request("GET", "https", "example.com", "/index.html")
 *         .add("accept", "text/html")
 *         .addSensitive("authorization", "Bearer mF_9.B5f-4.1JqM")
 *         .build();
 * Optional<String> accept = Headers.first(request, "accept");   // Optional[text/html]
 * }</pre>
 *
 * <p>The builder does not validate: a field block is checked against RFC 9113 §8 when it is sent
 * ({@code H2Connection}), so that the rules have one owner. Names and values are ISO-8859-1: each
 * char becomes one octet.
 *
 * <p>A builder is not safe for use by several threads at once; the lists {@link #build()} returns are
 * immutable and safe to share.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.3">RFC 9113 §8.3</a>
 */
public final class Headers {

    private final List<HeaderField> pseudo;
    private final List<HeaderField> regular = new ArrayList<>();

    private Headers(List<HeaderField> pseudo) {
        this.pseudo = pseudo;
    }

    /**
     * Starts the fields of a request: {@code :method}, {@code :scheme}, {@code :authority} and
     * {@code :path}, in that order (RFC 9113 §8.3.1).
     *
     * <p>A pseudo-header passed as null is left out, as some request forms require: a CONNECT request
     * has neither {@code :scheme} nor {@code :path} (RFC 9113 §8.5), and a request whose target has no
     * authority has no {@code :authority}. An extended CONNECT (RFC 8441 §4) passes all four and adds
     * {@code :protocol}:
     * <pre>{@code
     * Headers.request("CONNECT", null, "proxy.example:443", null);
     * Headers.request("CONNECT", "https", "example.com", "/chat").add(":protocol", "websocket");
     * }</pre>
     *
     * @param method the {@code :method} value
     * @param scheme the {@code :scheme} value, or null to leave it out
     * @param authority the {@code :authority} value, or null to leave it out
     * @param path the {@code :path} value, or null to leave it out
     * @return a builder holding those pseudo-header fields
     * @throws NullPointerException if {@code method} is null
     * @throws IllegalArgumentException if a value has a char above {@code 0xFF}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.3.1">RFC 9113 §8.3.1</a>
     */
    public static Headers request(String method, String scheme, String authority, String path) {
        Objects.requireNonNull(method, "method");
        List<HeaderField> pseudo = new ArrayList<>(4);
        pseudo.add(HeaderField.of(":method", method));
        if (scheme != null) {
            pseudo.add(HeaderField.of(":scheme", scheme));
        }
        if (authority != null) {
            pseudo.add(HeaderField.of(":authority", authority));
        }
        if (path != null) {
            pseudo.add(HeaderField.of(":path", path));
        }
        return new Headers(pseudo);
    }

    /**
     * Starts the fields of a response: {@code :status} (RFC 9113 §8.3.2). An informational status
     * (1xx) makes an interim response, any other a final one.
     *
     * @param status the status code
     * @return a builder holding the {@code :status} field
     * @throws IllegalArgumentException if {@code status} is not a three-digit number (100 to 999)
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.3.2">RFC 9113 §8.3.2</a>
     */
    public static Headers response(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("a status code has three digits: " + status);
        }
        List<HeaderField> pseudo = new ArrayList<>(1);
        pseudo.add(HeaderField.of(":status", Integer.toString(status)));
        return new Headers(pseudo);
    }

    /**
     * Starts an empty list of trailers, the fields that end a message after its content (RFC 9113
     * §8.1); trailers carry no pseudo-header fields.
     *
     * @return an empty builder
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.1">RFC 9113 §8.1</a>
     */
    public static Headers trailers() {
        return new Headers(new ArrayList<>(0));
    }

    /**
     * Appends a field that the HPACK encoder may index.
     *
     * @param name the field name; lowercase, as RFC 9113 §8.2 requires
     * @param value the field value
     * @return this builder
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if a char is above {@code 0xFF}
     */
    public Headers add(String name, String value) {
        return append(HeaderField.of(name, value));
    }

    /**
     * Appends a sensitive field: the HPACK encoder sends it as a literal never indexed, so that its
     * value never enters a compression context (RFC 7541 §7.1.3). Use it for secrets that are short or
     * guessable, such as tokens and session cookies.
     *
     * @param name the field name; lowercase, as RFC 9113 §8.2 requires
     * @param value the field value
     * @return this builder
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if a char is above {@code 0xFF}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-7.1.3">RFC 7541 §7.1.3</a>
     */
    public Headers addSensitive(String name, String value) {
        return append(HeaderField.sensitive(name, value));
    }

    private Headers append(HeaderField field) {
        if (field.nameLength() > 0 && field.nameAt(0) == ':') {
            pseudo.add(field);
        } else {
            regular.add(field);
        }
        return this;
    }

    /**
     * Returns the fields added so far: pseudo-header fields first, then regular fields, each in
     * insertion order. The builder stays usable; later additions do not change a list already built.
     *
     * @return an unmodifiable list of the fields
     */
    public List<HeaderField> build() {
        List<HeaderField> fields = new ArrayList<>(pseudo.size() + regular.size());
        fields.addAll(pseudo);
        fields.addAll(regular);
        return Collections.unmodifiableList(fields);
    }

    /**
     * Returns the value of the first field with the given name. Names compare without regard to ASCII
     * case, as HTTP field names do (RFC 9110 §5.1).
     *
     * @param headers the fields to search, such as those of a received request
     * @param name the field name, for example {@code "content-type"} or {@code ":path"}
     * @return the value of the first matching field, or empty if there is none
     * @throws NullPointerException if an argument or an element of {@code headers} is null
     */
    public static Optional<String> first(List<HeaderField> headers, String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0, n = headers.size(); i < n; i++) {
            HeaderField field = headers.get(i);
            if (nameMatches(field, name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the values of every field with the given name, in order. Names compare without regard to
     * ASCII case, as HTTP field names do (RFC 9110 §5.1).
     *
     * @param headers the fields to search
     * @param name the field name
     * @return an unmodifiable list of the matching values, empty if there are none
     * @throws NullPointerException if an argument or an element of {@code headers} is null
     */
    public static List<String> all(List<HeaderField> headers, String name) {
        Objects.requireNonNull(name, "name");
        List<String> values = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            HeaderField field = headers.get(i);
            if (nameMatches(field, name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(field.value());
            }
        }
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    /** Compares octet by octet, folding ASCII case only; allocates nothing. */
    private static boolean nameMatches(HeaderField field, String name) {
        int length = name.length();
        if (field.nameLength() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int a = field.nameAt(i) & 0xFF;
            int b = name.charAt(i);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}

package dev.h2j.internal;

import dev.h2j.ErrorScope;
import dev.h2j.H2ProtocolException;
import dev.h2j.hpack.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The field-block rules of RFC 9113 §8.1 to §8.5 and RFC 8441 §4, applied to one field block the peer
 * sent ({@link #inbound}) or the caller wants to send ({@link #outbound}), and the normalisations h2j
 * applies around them.
 *
 * <p>A received block that breaks a rule is a malformed message, a stream error of type PROTOCOL_ERROR
 * (RFC 9113 §8.1.1): {@link H2ProtocolException} with {@link ErrorScope#STREAM}. A block the caller
 * wants to send that breaks a rule refuses the call: the same exception with {@link ErrorScope#CALLER}.
 * Every message starts with the section it enforces and names the offending field; it quotes no
 * field value that could be a credential, and escapes control octets in what it quotes.
 *
 * <p>This is on the path of every HEADERS frame: fields are read octet by octet through
 * {@link HeaderField#nameAt(int)} and {@link HeaderField#valueAt(int)}, a name is compared only with
 * the constants of its length, validation allocates nothing, and a list that needs no change is
 * returned as it came.
 *
 * <p>Stateless; safe to call from any thread.
 */
final class HeaderValidation {

    /** Shorter cookies are sent never indexed: a short value is cheap to guess through compression (python h2). */
    private static final int SHORT_COOKIE = 20;
    /** How much of a name or value an error message quotes. */
    private static final int QUOTE_LIMIT = 64;

    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] PROXY_CONNECTION = ascii("proxy-connection");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] UPGRADE = ascii("upgrade");
    private static final byte[] TE = ascii("te");
    private static final byte[] TRAILERS = ascii("trailers");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] HOST = ascii("host");
    private static final byte[] COOKIE = ascii("cookie");
    private static final byte[] AUTHORIZATION = ascii("authorization");
    private static final byte[] PROXY_AUTHORIZATION = ascii("proxy-authorization");
    private static final byte[] CONNECT = ascii("CONNECT");
    private static final byte[] GET = ascii("GET");
    private static final byte[] HEAD = ascii("HEAD");
    private static final byte[] HTTP = ascii("http");
    private static final byte[] HTTPS = ascii("https");

    /** What {@link #parseContentLength} returns for a value that is not all digits. */
    private static final long NOT_DIGITS = -1;
    /** What {@link #parseContentLength} returns for digits above {@link Long#MAX_VALUE}. */
    private static final long TOO_LARGE = -2;

    private HeaderValidation() {
    }

    /** The pseudo-header fields h2j knows: RFC 9113 §8.3.1 and §8.3.2, and RFC 8441 §4. */
    private enum Pseudo {
        METHOD(":method", true),
        SCHEME(":scheme", true),
        AUTHORITY(":authority", true),
        PATH(":path", true),
        PROTOCOL(":protocol", true),
        STATUS(":status", false);

        final byte[] name;
        final boolean request;

        Pseudo(String name, boolean request) {
            this.name = ascii(name);
            this.request = request;
        }

        /** Returns the pseudo-header this field is, or null for a name no RFC defines. */
        static Pseudo of(HeaderField field) {
            switch (field.nameLength()) {
                case 5:
                    return nameIs(field, PATH.name) ? PATH : null;
                case 7:
                    return nameIs(field, METHOD.name) ? METHOD
                            : nameIs(field, SCHEME.name) ? SCHEME
                            : nameIs(field, STATUS.name) ? STATUS : null;
                case 9:
                    return nameIs(field, PROTOCOL.name) ? PROTOCOL : null;
                case 10:
                    return nameIs(field, AUTHORITY.name) ? AUTHORITY : null;
                default:
                    return null;
            }
        }

        /** Tells whether this pseudo-header is defined for a block of that kind (not trailers). */
        boolean definedFor(HeaderKind kind) {
            return request == (kind == HeaderKind.REQUEST || kind == HeaderKind.PUSH_PROMISE);
        }
    }

    /**
     * Validates a field block the peer sent, after HPACK decoding, and joins its cookies.
     *
     * @param kind which block this is
     * @param fields the decoded fields, in order
     * @param streamId the stream the block is for (the promised stream for a PUSH_PROMISE)
     * @param connectProtocolEnabled whether this endpoint advertised SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
     *     (RFC 8441 §3), which allows {@code :protocol} in requests
     * @param validate whether to apply the rules of RFC 9113 §8
     * @param normalize whether to join several cookie fields into one, separated by "; ", where the
     *     first one was (RFC 9113 §8.2.3)
     * @return {@code fields} itself when nothing changed, otherwise a new list
     * @throws H2ProtocolException with {@link ErrorScope#STREAM} and PROTOCOL_ERROR if {@code validate}
     *     is on and the block is malformed (RFC 9113 §8.1.1)
     */
    static List<HeaderField> inbound(HeaderKind kind, List<HeaderField> fields, int streamId,
            boolean connectProtocolEnabled, boolean validate, boolean normalize) {
        if (validate) {
            check(kind, fields, streamId, connectProtocolEnabled, ErrorScope.STREAM);
        }
        return normalize ? joinCookies(fields) : fields;
    }

    /**
     * Normalises, then validates, a field block the caller wants to send.
     *
     * <p>Normalising lowercases names (RFC 9113 §8.2), drops connection-specific fields and a {@code te}
     * other than "trailers" (§8.2.2), optionally splits cookies (§8.2.3), and marks as sensitive
     * (never indexed, RFC 7541 §7.1.3) every {@code authorization} and {@code proxy-authorization}
     * field and every cookie shorter than 20 octets, as python h2 does. It never strips whitespace or
     * control octets: such a value is refused when {@code validate} is on.
     *
     * @param kind which block this is
     * @param fields the fields to send, in order
     * @param streamId the stream the block is for (the promised stream for a PUSH_PROMISE)
     * @param connectProtocolEnabled whether the peer advertised SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
     *     (RFC 8441 §3), which allows {@code :protocol} in requests
     * @param validate whether to apply the rules of RFC 9113 §8
     * @param normalize whether to normalise as described above
     * @param splitCookies whether normalising also splits each cookie at "; " into several cookie
     *     fields, so that HPACK can index the crumbs one by one; ignored unless {@code normalize}
     * @return {@code fields} itself when nothing changed, otherwise a new list
     * @throws H2ProtocolException with {@link ErrorScope#CALLER} and PROTOCOL_ERROR if {@code validate}
     *     is on and the normalised block breaks a rule of RFC 9113 §8
     */
    static List<HeaderField> outbound(HeaderKind kind, List<HeaderField> fields, int streamId,
            boolean connectProtocolEnabled, boolean validate, boolean normalize, boolean splitCookies) {
        List<HeaderField> out = normalize ? normalize(fields, splitCookies) : fields;
        if (validate) {
            check(kind, out, streamId, connectProtocolEnabled, ErrorScope.CALLER);
        }
        return out;
    }

    /**
     * Returns the value of the content-length field of a validated block.
     *
     * @param fields a block that passed validation, so all its content-length values are equal digits
     * @return the content length, or -1 if the block has no content-length field
     * @throws IllegalArgumentException if the first content-length value is not a decimal number that
     *     fits in a long, which validation would have refused
     */
    static long contentLength(List<HeaderField> fields) {
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField field = fields.get(i);
            if (nameIs(field, CONTENT_LENGTH)) {
                long value = parseContentLength(field);
                if (value < 0) {
                    throw new IllegalArgumentException(
                            "content-length '" + quote(field.value()) + "' was not validated");
                }
                return value;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- validation

    // RFC 9113 §8.1: whether END_STREAM may go with a block (trailers must end the stream, interim
    // responses must not) is the stream machine's rule; its transition chose the kind checked here.
    private static void check(HeaderKind kind, List<HeaderField> fields, int streamId,
            boolean connectProtocolEnabled, ErrorScope scope) {
        HeaderField method = null;
        HeaderField scheme = null;
        HeaderField authority = null;
        HeaderField path = null;
        HeaderField protocol = null;
        HeaderField status = null;
        HeaderField contentLength = null;
        long contentLengthValue = -1;
        boolean regularSeen = false;
        boolean hostSeen = false;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField field = fields.get(i);
            // HeaderField remembers whether its octets are valid; the checks below name the broken rule.
            if (!field.hasValidOctets()) {
                checkName(field, i, scope, streamId);
                checkValue(field, scope, streamId);
            }
            if (field.nameAt(0) == ':') {
                if (kind == HeaderKind.TRAILERS) {
                    // RFC 9113 §8.1: trailers MUST NOT include pseudo-header fields.
                    throw malformed(scope, streamId,
                            "RFC 9113 §8.1: " + describe(kind) + " contain pseudo-header field '"
                            + quote(field.name()) + "'");
                }
                if (regularSeen) {
                    // RFC 9113 §8.3: all pseudo-header fields MUST appear before all regular field lines.
                    throw malformed(scope, streamId, "RFC 9113 §8.3: pseudo-header field '" + quote(field.name())
                            + "' follows a regular field");
                }
                Pseudo pseudo = Pseudo.of(field);
                if (pseudo == null || !pseudo.definedFor(kind)) {
                    // RFC 9113 §8.3: undefined pseudo-headers, or those of the other message kind, are malformed.
                    throw malformed(scope, streamId, "RFC 9113 §8.3: pseudo-header field '" + quote(field.name())
                            + "' is not defined for this " + describe(kind));
                }
                switch (pseudo) {
                    case METHOD:
                        method = once(method, field, scope, streamId);
                        break;
                    case SCHEME:
                        scheme = once(scheme, field, scope, streamId);
                        break;
                    case AUTHORITY:
                        authority = once(authority, field, scope, streamId);
                        break;
                    case PATH:
                        path = once(path, field, scope, streamId);
                        break;
                    case PROTOCOL:
                        if (!connectProtocolEnabled) {
                            // RFC 8441 §3: :protocol is opt-in, allowed once SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.
                            throw malformed(scope, streamId, "RFC 8441 §3: pseudo-header field ':protocol' needs "
                                    + "SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, which was not advertised");
                        }
                        protocol = once(protocol, field, scope, streamId);
                        break;
                    default:
                        status = once(status, field, scope, streamId);
                        break;
                }
            } else {
                regularSeen = true;
                if (isConnectionSpecific(field)) {
                    // RFC 9113 §8.2.2: a message containing connection-specific header fields is malformed.
                    throw malformed(scope, streamId, "RFC 9113 §8.2.2: connection-specific field '"
                            + quote(field.name()) + "' is not allowed");
                }
                if (nameIs(field, TE) && !valueIs(field, TRAILERS)) {
                    // RFC 9113 §8.2.2: TE MUST NOT contain any value other than "trailers".
                    throw malformed(scope, streamId, "RFC 9113 §8.2.2: field 'te' has value '"
                            + quote(field.value()) + "'; only 'trailers' is allowed");
                }
                if (nameIs(field, CONTENT_LENGTH)) {
                    if (contentLength == null) {
                        contentLengthValue = checkContentLength(field, scope, streamId);
                        contentLength = field;
                    } else if (!contentLength.equals(field)) {
                        // RFC 9113 §8.1.1: a repeated content-length must repeat the same value.
                        throw malformed(scope, streamId, "RFC 9113 §8.1.1: content-length values '"
                                + quote(contentLength.value()) + "' and '" + quote(field.value()) + "' differ");
                    }
                } else if (nameIs(field, HOST)) {
                    hostSeen = true;
                }
            }
        }
        switch (kind) {
            case REQUEST:
            case PUSH_PROMISE:
                checkRequest(kind, fields, method, scheme, authority, path, protocol, hostSeen, contentLengthValue,
                        scope, streamId);
                break;
            case RESPONSE:
            case INFORMATIONAL:
                checkStatus(kind, status, scope, streamId);
                break;
            default:
                break; // trailers: no pseudo-header fields, checked above
        }
    }

    private static void checkName(HeaderField field, int index, ErrorScope scope, int streamId) {
        int length = field.nameLength();
        if (length == 0) {
            // RFC 9113 §8.2.1: a field name is a token (RFC 9110 §5.1), never empty.
            throw malformed(scope, streamId, "RFC 9113 §8.2.1: field #" + index + " has an empty name");
        }
        for (int i = 0; i < length; i++) {
            int c = field.nameAt(i) & 0xFF;
            // RFC 9113 §8.2.1: no 0x00-0x20, 0x41-0x5a or 0x7f-0xff in a name; ':' only to start a pseudo-header.
            if (c <= 0x20 || c >= 0x7F || (c >= 'A' && c <= 'Z') || (c == ':' && i > 0)) {
                throw malformed(scope, streamId, "RFC 9113 §8.2.1: field name '" + quote(field.name())
                        + "' contains " + describeNameOctet(c));
            }
        }
    }

    private static String describeNameOctet(int c) {
        if (c >= 'A' && c <= 'Z') {
            return "uppercase '" + (char) c + "'";
        }
        if (c == ':') {
            return "':' after its first octet";
        }
        return String.format("octet 0x%02x", c);
    }

    private static void checkValue(HeaderField field, ErrorScope scope, int streamId) {
        int length = field.valueLength();
        for (int i = 0; i < length; i++) {
            byte b = field.valueAt(i);
            // RFC 9113 §8.2.1: a field value MUST NOT contain NUL, LF or CR at any position.
            if (b == 0 || b == '\n' || b == '\r') {
                throw malformed(scope, streamId, "RFC 9113 §8.2.1: value of field '" + quote(field.name())
                        + "' contains " + (b == 0 ? "NUL" : b == '\n' ? "LF" : "CR") + " at index " + i);
            }
        }
        // RFC 9113 §8.2.1: a field value MUST NOT start or end with SP or HTAB.
        if (length > 0 && isWhitespace(field.valueAt(0))) {
            throw malformed(scope, streamId, "RFC 9113 §8.2.1: value of field '" + quote(field.name())
                    + "' starts with whitespace");
        }
        if (length > 0 && isWhitespace(field.valueAt(length - 1))) {
            throw malformed(scope, streamId, "RFC 9113 §8.2.1: value of field '" + quote(field.name())
                    + "' ends with whitespace");
        }
    }

    private static long checkContentLength(HeaderField field, ErrorScope scope, int streamId) {
        long value = parseContentLength(field);
        if (value == NOT_DIGITS) {
            // RFC 9113 §8.1.1: content-length is a decimal number of octets (RFC 9110 §8.6).
            throw malformed(scope, streamId, "RFC 9113 §8.1.1: content-length '" + quote(field.value())
                    + "' is not a decimal number");
        }
        if (value == TOO_LARGE) {
            // RFC 9113 §8.1.1: h2j counts content in a long; a larger content-length cannot be honoured.
            throw malformed(scope, streamId, "RFC 9113 §8.1.1: content-length '" + quote(field.value())
                    + "' exceeds 2^63-1");
        }
        return value;
    }

    private static HeaderField once(HeaderField previous, HeaderField field, ErrorScope scope, int streamId) {
        if (previous != null) {
            // RFC 9113 §8.3: the same pseudo-header field name MUST NOT appear more than once.
            throw malformed(scope, streamId, "RFC 9113 §8.3: pseudo-header field '" + quote(field.name())
                    + "' appears more than once");
        }
        return field;
    }

    private static void checkRequest(HeaderKind kind, List<HeaderField> fields, HeaderField method,
            HeaderField scheme, HeaderField authority, HeaderField path, HeaderField protocol, boolean hostSeen,
            long contentLength, ErrorScope scope, int streamId) {
        if (method == null) {
            // RFC 9113 §8.3.1: every request carries exactly one valid :method.
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: " + describe(kind) + " lacks ':method'");
        }
        if (method.valueLength() == 0) {
            // RFC 9113 §8.3.1: a method is a token (RFC 9110 §9.1), never empty.
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: ':method' is empty");
        }
        if (kind == HeaderKind.PUSH_PROMISE) {
            if (!valueIs(method, GET) && !valueIs(method, HEAD)) {
                // RFC 9113 §8.4: promised requests MUST be safe and cacheable; of the core methods, GET and HEAD.
                throw malformed(scope, streamId, "RFC 9113 §8.4: promised request method '" + quote(method.value())
                        + "' is not safe and cacheable");
            }
            if (contentLength > 0) {
                // RFC 9113 §8.4: promised requests cannot include any content.
                throw malformed(scope, streamId, "RFC 9113 §8.4: promised request has content-length "
                        + contentLength + "; it cannot carry content");
            }
        }
        boolean connect = valueIs(method, CONNECT);
        if (protocol != null && !connect) {
            // RFC 8441 §4: :protocol extends CONNECT only.
            throw malformed(scope, streamId, "RFC 8441 §4: ':protocol' is only allowed with ':method' CONNECT, not '"
                    + quote(method.value()) + "'");
        }
        if (connect && protocol == null) {
            // RFC 9113 §8.5: a CONNECT request omits :scheme and :path and names its target in :authority.
            if (scheme != null || path != null) {
                throw malformed(scope, streamId, "RFC 9113 §8.5: CONNECT request must omit '"
                        + (scheme != null ? ":scheme" : ":path") + "'");
            }
            if (authority == null || authority.valueLength() == 0) {
                throw malformed(scope, streamId, "RFC 9113 §8.5: CONNECT request needs a non-empty ':authority'");
            }
            return;
        }
        if (protocol != null && (scheme == null || path == null || authority == null)) {
            // RFC 8441 §4: extended CONNECT carries :scheme and :path, and :authority names the origin.
            throw malformed(scope, streamId, "RFC 8441 §4: extended CONNECT request lacks '"
                    + (scheme == null ? ":scheme" : path == null ? ":path" : ":authority") + "'");
        }
        if (scheme == null || path == null) {
            // RFC 9113 §8.3.1: every request but CONNECT carries :method, :scheme and :path.
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: " + describe(kind) + " lacks '"
                    + (scheme == null ? ":scheme" : ":path") + "'");
        }
        if (scheme.valueLength() == 0) {
            // RFC 9113 §8.3.1: exactly one valid :scheme.
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: ':scheme' is empty");
        }
        if (path.valueLength() == 0) {
            // RFC 9113 §8.3.1: :path MUST NOT be empty ('/' or '*' when the URI has no path).
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: ':path' is empty");
        }
        if (valueIsIgnoreCase(scheme, HTTP) || valueIsIgnoreCase(scheme, HTTPS)) {
            checkAuthority(fields, scheme, authority, hostSeen, scope, streamId);
        }
    }

    private static void checkAuthority(List<HeaderField> fields, HeaderField scheme, HeaderField authority,
            boolean hostSeen, ErrorScope scope, int streamId) {
        if (authority == null && !hostSeen) {
            // RFC 9113 §8.3.1: an http or https target has an authority, sent in :authority (or host).
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: '" + quote(scheme.value())
                    + "' request lacks both ':authority' and 'host'");
        }
        if (authority != null && authority.valueLength() == 0) {
            // RFC 9113 §8.3.1: the authority of an http or https URI is never empty (RFC 9110 §4.2).
            throw malformed(scope, streamId, "RFC 9113 §8.3.1: ':authority' is empty");
        }
        if (!hostSeen) {
            return;
        }
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField host = fields.get(i);
            if (!nameIs(host, HOST)) {
                continue;
            }
            if (host.valueLength() == 0) {
                // RFC 9113 §8.3.1: the authority of an http or https URI is never empty (RFC 9110 §4.2).
                throw malformed(scope, streamId, "RFC 9113 §8.3.1: 'host' is empty");
            }
            if (authority != null && !valuesEqualIgnoreCase(host, authority)) {
                // RFC 9113 §8.3.1: a host field that differs from :authority is malformed.
                throw malformed(scope, streamId, "RFC 9113 §8.3.1: 'host' '" + quote(host.value())
                        + "' differs from ':authority' '" + quote(authority.value()) + "'");
            }
        }
    }

    private static void checkStatus(HeaderKind kind, HeaderField status, ErrorScope scope, int streamId) {
        if (status == null) {
            // RFC 9113 §8.3.2: :status MUST be included in all responses, interim ones too.
            throw malformed(scope, streamId, "RFC 9113 §8.3.2: " + describe(kind) + " lacks ':status'");
        }
        int code = threeDigits(status);
        if (code < 0) {
            // RFC 9113 §8.3.2: :status carries the three-digit status code (RFC 9110 §15).
            throw malformed(scope, streamId, "RFC 9113 §8.3.2: ':status' '" + quote(status.value())
                    + "' is not three digits");
        }
        if (kind == HeaderKind.INFORMATIONAL) {
            if (code == 101) {
                // RFC 9113 §8.6: HTTP/2 does not support 101 (Switching Protocols).
                throw malformed(scope, streamId, "RFC 9113 §8.6: ':status' 101 (Switching Protocols) is not "
                        + "supported in HTTP/2");
            }
            if (code < 100 || code > 199) {
                // RFC 9113 §8.1: an interim response carries a 1xx status.
                throw malformed(scope, streamId, "RFC 9113 §8.1: informational response has ':status' " + code
                        + ", not 1xx");
            }
        } else if (code < 200 || code > 599) {
            // RFC 9113 §8.3.2, §8.1: a final response carries a status from 200 to 599.
            throw malformed(scope, streamId, "RFC 9113 §8.3.2: final response has ':status' " + code
                    + ", not 200-599");
        }
    }

    /** Returns the status code if the value is exactly three ASCII digits, otherwise -1. */
    private static int threeDigits(HeaderField status) {
        if (status.valueLength() != 3) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            int digit = status.valueAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            code = code * 10 + digit;
        }
        return code;
    }

    /** Returns the value as a long, or {@link #NOT_DIGITS} or {@link #TOO_LARGE}. */
    private static long parseContentLength(HeaderField field) {
        int length = field.valueLength();
        if (length == 0) {
            return NOT_DIGITS;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int digit = field.valueAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return NOT_DIGITS;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return TOO_LARGE;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    // ---------------------------------------------------------------- normalisation

    /** Joins every cookie field into the first one (RFC 9113 §8.2.3); the result is sensitive if any part was. */
    private static List<HeaderField> joinCookies(List<HeaderField> fields) {
        int n = fields.size();
        int first = -1;
        int count = 0;
        int length = 0;
        boolean sensitive = false;
        for (int i = 0; i < n; i++) {
            HeaderField field = fields.get(i);
            if (nameIs(field, COOKIE)) {
                if (first < 0) {
                    first = i;
                }
                count++;
                length += field.valueLength();
                sensitive |= field.sensitive();
            }
        }
        if (count < 2) {
            return fields;
        }
        // RFC 9113 §8.2.3: several cookie fields MUST be joined with the two octets "; " for the application.
        byte[] joined = new byte[length + 2 * (count - 1)];
        int at = 0;
        for (int i = first; i < n; i++) {
            HeaderField field = fields.get(i);
            if (!nameIs(field, COOKIE)) {
                continue;
            }
            if (i != first) {
                joined[at++] = ';';
                joined[at++] = ' ';
            }
            for (int j = 0, m = field.valueLength(); j < m; j++) {
                joined[at++] = field.valueAt(j);
            }
        }
        HeaderField cookie = sensitive ? HeaderField.sensitive(COOKIE, joined) : HeaderField.of(COOKIE, joined);
        List<HeaderField> out = new ArrayList<>(n - count + 1);
        for (int i = 0; i < n; i++) {
            HeaderField field = fields.get(i);
            if (i == first) {
                out.add(cookie);
            } else if (!nameIs(field, COOKIE)) {
                out.add(field);
            }
        }
        return out;
    }

    private static List<HeaderField> normalize(List<HeaderField> fields, boolean splitCookies) {
        List<HeaderField> out = null; // allocated at the first change, so an untouched list costs nothing
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField original = fields.get(i);
            // RFC 9113 §8.2: field names MUST be converted to lowercase.
            HeaderField field = lowercased(original);
            // RFC 9113 §8.2.2: an endpoint MUST NOT generate connection-specific fields; te only as "trailers".
            if (isConnectionSpecific(field) || (nameIs(field, TE) && !valueIs(field, TRAILERS))) {
                out = copyOnChange(out, fields, i);
                continue;
            }
            if (splitCookies && nameIs(field, COOKIE)) {
                int split = nextCookieSplit(field, 0);
                if (split >= 0) {
                    out = copyOnChange(out, fields, i);
                    addCookieCrumbs(out, field, split);
                    continue;
                }
            }
            field = secured(field);
            if (field != original) {
                out = copyOnChange(out, fields, i);
            }
            if (out != null) {
                out.add(field);
            }
        }
        return out == null ? fields : out;
    }

    /** Returns {@code out}, or when it is still null a new list holding the first {@code count} fields. */
    private static List<HeaderField> copyOnChange(List<HeaderField> out, List<HeaderField> fields, int count) {
        if (out != null) {
            return out;
        }
        List<HeaderField> copy = new ArrayList<>(fields.size() + 4);
        for (int i = 0; i < count; i++) {
            copy.add(fields.get(i));
        }
        return copy;
    }

    /** Returns the field with its ASCII uppercase name octets lowered, or the field itself if it has none. */
    private static HeaderField lowercased(HeaderField field) {
        int length = field.nameLength();
        int i = 0;
        while (i < length && !isUppercase(field.nameAt(i))) {
            i++;
        }
        if (i == length) {
            return field;
        }
        char[] name = new char[length];
        for (int j = 0; j < length; j++) {
            byte b = field.nameAt(j);
            name[j] = (char) (isUppercase(b) ? b + ('a' - 'A') : b & 0xFF);
        }
        String lowered = new String(name);
        return field.sensitive() ? HeaderField.sensitive(lowered, field.value())
                : HeaderField.of(lowered, field.value());
    }

    /** Marks credentials and short cookies never indexed (RFC 7541 §7.1.3), as python h2's _secure_headers does. */
    private static HeaderField secured(HeaderField field) {
        if (field.sensitive()) {
            return field;
        }
        if (nameIs(field, AUTHORIZATION) || nameIs(field, PROXY_AUTHORIZATION)
                || (nameIs(field, COOKIE) && field.valueLength() < SHORT_COOKIE)) {
            return HeaderField.sensitive(field.name(), field.value());
        }
        return field;
    }

    /**
     * Returns the index of the next "; " at or after {@code start + 1} whose removal leaves two non-empty
     * crumbs that neither end nor start with whitespace, or -1. Splitting only there keeps every crumb a
     * valid field value (RFC 9113 §8.2.1) and joining the crumbs with "; " gives back the original value.
     */
    private static int nextCookieSplit(HeaderField cookie, int start) {
        int length = cookie.valueLength();
        for (int i = start + 1; i + 2 < length; i++) {
            if (cookie.valueAt(i) == ';' && cookie.valueAt(i + 1) == ' '
                    && !isWhitespace(cookie.valueAt(i - 1)) && !isWhitespace(cookie.valueAt(i + 2))) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 9113 §8.2.3: a cookie MAY be split into several cookie fields, one or more crumbs each. */
    private static void addCookieCrumbs(List<HeaderField> out, HeaderField cookie, int firstSplit) {
        String value = cookie.value();
        int start = 0;
        for (int split = firstSplit; split >= 0; split = nextCookieSplit(cookie, start)) {
            out.add(crumb(value.substring(start, split), cookie.sensitive()));
            start = split + 2;
        }
        out.add(crumb(value.substring(start), cookie.sensitive()));
    }

    private static HeaderField crumb(String value, boolean sensitive) {
        return sensitive || value.length() < SHORT_COOKIE ? HeaderField.sensitive("cookie", value)
                : HeaderField.of("cookie", value);
    }

    // ---------------------------------------------------------------- octets

    /** RFC 9113 §8.2.2: Connection and the fields RFC 9110 §7.6.1 lists as connection-specific. */
    private static boolean isConnectionSpecific(HeaderField field) {
        switch (field.nameLength()) {
            case 7:
                return nameIs(field, UPGRADE);
            case 10:
                return nameIs(field, CONNECTION) || nameIs(field, KEEP_ALIVE);
            case 16:
                return nameIs(field, PROXY_CONNECTION);
            case 17:
                return nameIs(field, TRANSFER_ENCODING);
            default:
                return false;
        }
    }

    private static boolean nameIs(HeaderField field, byte[] name) {
        int length = name.length;
        if (field.nameLength() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (field.nameAt(i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueIs(HeaderField field, byte[] value) {
        int length = value.length;
        if (field.valueLength() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (field.valueAt(i) != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** Compares with a lowercase constant, ignoring ASCII case. */
    private static boolean valueIsIgnoreCase(HeaderField field, byte[] lowercase) {
        int length = lowercase.length;
        if (field.valueLength() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (toLower(field.valueAt(i)) != lowercase[i]) {
                return false;
            }
        }
        return true;
    }

    /** Compares two values ignoring ASCII case: host names are case-insensitive (RFC 3986 §6.2.2.1). */
    private static boolean valuesEqualIgnoreCase(HeaderField a, HeaderField b) {
        int length = a.valueLength();
        if (b.valueLength() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (toLower(a.valueAt(i)) != toLower(b.valueAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUppercase(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    private static byte toLower(byte b) {
        return isUppercase(b) ? (byte) (b + ('a' - 'A')) : b;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    // ---------------------------------------------------------------- messages

    private static H2ProtocolException malformed(ErrorScope scope, int streamId, String message) {
        return new H2ProtocolException(scope, streamId, message);
    }

    private static String describe(HeaderKind kind) {
        switch (kind) {
            case REQUEST:
                return "request";
            case PUSH_PROMISE:
                return "promised request";
            case RESPONSE:
                return "response";
            case INFORMATIONAL:
                return "informational response";
            default:
                return "trailers";
        }
    }

    /**
     * Returns at most {@link #QUOTE_LIMIT} chars of {@code s} for an error message, with every char outside
     * printable ASCII written as {@code \xNN}, so that a hostile name cannot forge log lines.
     */
    private static String quote(String s) {
        int length = Math.min(s.length(), QUOTE_LIMIT);
        StringBuilder out = new StringBuilder(length + 8);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        if (s.length() > QUOTE_LIMIT) {
            out.append("...");
        }
        return out.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.h2j.io.server;

import dev.h2j.hpack.HeaderField;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The little HTTP/1.1 a cleartext HTTP/2 port needs: telling the HTTP/2 preface from an HTTP/1.1
 * request by the first octets, parsing a request head, checking an h2c upgrade (RFC 7540 §3.2), and the
 * HTTP/1.1 answers (101 and the refusals).
 */
final class Http1 {
    /** The largest request head read; a larger one is answered with 400. */
    static final int MAX_HEAD = 8_192;
    /** The largest request body an upgrade request may carry; a larger one is answered without upgrading. */
    static final int MAX_UPGRADE_BODY = 65_536;

    /** RFC 9113 §3.4: the client connection preface. */
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The length of {@code "PRI "}, the preface's method and the space after it. */
    private static final int PRI_METHOD = 4;
    /** No HTTP method in use is longer than this; a longer token before the first space is not HTTP/1.x. */
    private static final int MAX_METHOD = 20;

    /** RFC 9113 §8.2.2: fields of HTTP/1.1 connections that HTTP/2 messages must not carry. */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "upgrade", "http2-settings",
            "keep-alive", "proxy-connection", "transfer-encoding", "host");

    private static final String HTTP2_ONLY = "This server speaks HTTP/2 only."
            + " Use https:// (HTTP/2 over TLS with ALPN h2),"
            + " HTTP/2 with prior knowledge (curl --http2-prior-knowledge), or an h2c upgrade"
            + " (Upgrade: h2c with one HTTP2-Settings header, RFC 7540 section 3.2).\n";

    private Http1() {
    }

    /** What the first octets of a cleartext connection are. */
    enum Sniff {
        /**
         * The HTTP/2 preface, or octets that are no HTTP/1.x request (including a request line with the
         * preface's method, PRI): the HTTP/2 core judges them.
         */
        H2,
        /** An HTTP/1.x request line starts: a method token and a space (RFC 9112 §3). */
        HTTP1,
        /** Too few octets to tell. */
        UNDECIDED
    }

    /** Looks at the first octets of {@code in} (read mode) without consuming them. */
    static Sniff sniff(ByteBuffer in) {
        int p = in.position();
        int n = in.remaining();
        int i = 0;
        while (i < n && i < PREFACE.length && in.get(p + i) == PREFACE[i]) {
            i++;
        }
        if (i == PREFACE.length) {
            return Sniff.H2;
        }
        if (i == n) {
            return Sniff.UNDECIDED;
        }
        if (i >= PRI_METHOD) {
            // RFC 7540 §11.6 registered the method PRI for the preface alone (RFC 9113 §11): a request line
            // that starts with it is a preface gone wrong, which RFC 9113 §3.4 makes a PROTOCOL_ERROR.
            return Sniff.H2;
        }
        for (int j = 0; j < n && j <= MAX_METHOD; j++) {
            byte c = in.get(p + j);
            if (c == ' ') {
                return j > 0 ? Sniff.HTTP1 : Sniff.H2;
            }
            if (!isTokenChar(c)) {
                return Sniff.H2;
            }
        }
        return n > MAX_METHOD ? Sniff.H2 : Sniff.UNDECIDED;
    }

    /** RFC 9110 §5.6.2: tchar. */
    private static boolean isTokenChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Returns how many octets of {@code in} (read mode) the request head takes, up to its empty line, or -1. */
    static int headLength(ByteBuffer in) {
        int p = in.position();
        for (int i = 0; i < in.remaining(); i++) {
            if (in.get(p + i) != '\n') {
                continue;
            }
            // RFC 9112 §2.2: a line ends with CRLF, or a bare LF, which recipients may accept.
            if (i >= 1 && in.get(p + i - 1) == '\n') {
                return i + 1;
            }
            if (i >= 2 && in.get(p + i - 1) == '\r' && in.get(p + i - 2) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** A parsed HTTP/1.x request head. */
    record Head(String method, String target, String version, List<String[]> fields) {

        /** The values of the fields named {@code name}, compared without case. */
        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            for (String[] field : fields) {
                if (field[0].equalsIgnoreCase(name)) {
                    values.add(field[1]);
                }
            }
            return values;
        }

        Optional<String> first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** Whether a comma-separated field named {@code name} lists {@code token} (RFC 9110 §5.6.1). */
        boolean lists(String name, String token) {
            for (String value : all(name)) {
                for (String item : value.split(",")) {
                    if (item.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * Parses the head of {@code length} octets at the position of {@code in}.
     *
     * @throws IllegalArgumentException naming the RFC 9112 rule the head breaks
     */
    static Head parse(ByteBuffer in, int length) {
        byte[] octets = new byte[length];
        in.get(in.position(), octets);
        String[] lines = new String(octets, StandardCharsets.ISO_8859_1).split("\n");
        String[] requestLine = stripCr(lines[0]).split(" ", -1);
        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
        if (requestLine.length != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()
                || !requestLine[2].startsWith("HTTP/")) {
            throw new IllegalArgumentException("RFC 9112 §3: malformed request line");
        }
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            // RFC 9112 §5.1: no whitespace between the field name and the colon; §5.2: no obs-fold.
            if (colon <= 0 || line.charAt(colon - 1) == ' ' || line.charAt(colon - 1) == '\t'
                    || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new IllegalArgumentException("RFC 9112 §5: malformed field line");
            }
            String name = line.substring(0, colon);
            for (int c = 0; c < name.length(); c++) {
                if (!isTokenChar((byte) name.charAt(c))) {
                    throw new IllegalArgumentException("RFC 9110 §5.1: a field name is a token");
                }
            }
            fields.add(new String[] {name, line.substring(colon + 1).strip()});
        }
        return new Head(requestLine[0], requestLine[1], requestLine[2], fields);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * Says why {@code head} is not upgraded to HTTP/2, or returns empty if it is an h2c upgrade the
     * server accepts (RFC 7540 §3.2): HTTP/1.1, {@code Upgrade: h2c}, exactly one {@code HTTP2-Settings}
     * named in {@code Connection} with {@code Upgrade}, a {@code Host}, and no body or a body of at most
     * {@value #MAX_UPGRADE_BODY} octets with a {@code Content-Length} (no chunked body).
     */
    static Optional<String> upgradeRefusal(Head head) {
        if (!head.lists("upgrade", "h2c")) {
            return Optional.of("The request asked for no upgrade to h2c.");
        }
        if (!head.version().equals("HTTP/1.1")) {
            // RFC 9110 §7.8: Upgrade is ignored in an HTTP/1.0 request.
            return Optional.of("Upgrade needs HTTP/1.1 (RFC 9110 section 7.8).");
        }
        if (head.all("http2-settings").size() != 1) {
            return Optional.of("An h2c upgrade carries exactly one HTTP2-Settings header (RFC 7540 section 3.2.1).");
        }
        if (!head.lists("connection", "upgrade") || !head.lists("connection", "http2-settings")) {
            return Optional.of("Connection must list Upgrade and HTTP2-Settings (RFC 7540 section 3.2.1).");
        }
        if (head.first("host").isEmpty()) {
            return Optional.of("An HTTP/1.1 request needs a Host header (RFC 9112 section 3.2).");
        }
        if (!head.all("transfer-encoding").isEmpty()) {
            return Optional.of("An upgrade request with a chunked body is not upgraded; send the body over HTTP/2.");
        }
        long length = contentLength(head);
        if (length < 0 || length > MAX_UPGRADE_BODY) {
            return Optional.of("An upgrade request body must have a valid Content-Length of at most "
                    + MAX_UPGRADE_BODY + " octets; send larger bodies over HTTP/2.");
        }
        return Optional.empty();
    }

    /** The request's Content-Length, 0 if absent, -1 if invalid or repeated with different values. */
    static long contentLength(Head head) {
        List<String> values = head.all("content-length");
        if (values.isEmpty()) {
            return 0;
        }
        String value = values.get(0);
        for (String other : values) {
            if (!other.equals(value)) {
                return -1;
            }
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(value);
    }

    /**
     * The HTTP/2 request fields of an upgraded HTTP/1.1 request (RFC 9113 §8.3.1): the pseudo-header
     * fields from the request line and Host, then the other fields lowercased, without the
     * connection-specific ones (RFC 9113 §8.2.2) and those the Connection field names.
     *
     * @throws IllegalArgumentException if the request target is not a URI
     */
    static List<HeaderField> toHttp2(Head head) {
        String authority = head.first("host").orElseThrow();
        String path = head.target();
        if (!path.startsWith("/") && !path.equals("*")) {
            // RFC 9112 §3.2.2: absolute-form; HTTP/2 carries its parts in :authority and :path.
            try {
                URI uri = new URI(path);
                authority = uri.getRawAuthority() == null ? authority : uri.getRawAuthority();
                String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                path = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("RFC 9112 §3.2: the request target is not a URI", e);
            }
        }
        List<String> nominated = new ArrayList<>();
        for (String value : head.all("connection")) {
            for (String item : value.split(",")) {
                nominated.add(item.strip().toLowerCase(Locale.ROOT));
            }
        }
        List<HeaderField> fields = new ArrayList<>();
        fields.add(HeaderField.of(":method", head.method()));
        fields.add(HeaderField.of(":scheme", "http"));
        fields.add(HeaderField.of(":authority", authority));
        fields.add(HeaderField.of(":path", path));
        for (String[] field : head.fields()) {
            String name = field[0].toLowerCase(Locale.ROOT);
            if (CONNECTION_SPECIFIC.contains(name) || nominated.contains(name)
                    || name.equals("te") && !field[1].equalsIgnoreCase("trailers")) {
                continue;
            }
            fields.add(HeaderField.of(name, field[1]));
        }
        return fields;
    }

    /** RFC 7540 §3.2: the answer that accepts an h2c upgrade; HTTP/2 frames follow it at once. */
    static ByteBuffer switchingProtocols() {
        return ByteBuffer.wrap("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The answer to an HTTP/1.1 request this server does not upgrade: 505 HTTP Version Not Supported with
     * a short text saying how to speak HTTP/2 to it, and why the request was not upgraded.
     */
    static ByteBuffer notUpgraded(String why, boolean head) {
        return answer(505, "HTTP Version Not Supported", HTTP2_ONLY + why + "\n", head);
    }

    /** The answer to a request head that cannot be parsed: 400 Bad Request. */
    static ByteBuffer badRequest(String why) {
        return answer(400, "Bad Request", "Malformed HTTP/1.1 request: " + why + "\n" + HTTP2_ONLY, false);
    }

    private static ByteBuffer answer(int status, String reason, String text, boolean head) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String head1 = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] start = head1.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer answer = ByteBuffer.allocate(start.length + (head ? 0 : body.length));
        answer.put(start);
        if (!head) {
            answer.put(body);
        }
        return answer.flip();
    }
}

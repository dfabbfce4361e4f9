package dev.h2j.io.client;

import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameType;
import dev.h2j.hpack.HeaderField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The HTTP/1.1 half of the client's h2c upgrade (RFC 7540 §3.2): the request head that asks for h2c
 * and the reading of the server's answer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-3.2">RFC 7540 §3.2</a>
 */
final class Upgrade {
    /** The most octets of response head read before giving up; far more than a 101 needs. */
    static final int MAX_HEAD = 16_384;

    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final byte[] HTTP1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    private Upgrade() {
    }

    /** Whether a request may itself carry the upgrade: no content, and not HEAD (see the class doc). */
    static boolean canCarry(Request request) {
        // RFC 7540 §3.2: content would have to be sent whole before any frame; HEAD's response on stream 1
        // would carry a content-length the core cannot match against an empty body, since it never saw
        // the method.
        return !request.hasContent() && !request.method().equals("HEAD");
    }

    /**
     * The request head: the request line, Host, the upgrade fields (RFC 7540 §3.2: Connection names
     * Upgrade and HTTP2-Settings, both hop-by-hop), then the request's own fields.
     */
    static String requestHead(Request request, Origin origin, String settings) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(origin.authority()).append("\r\n");
        head.append("Connection: Upgrade, HTTP2-Settings\r\n");
        head.append("Upgrade: h2c\r\n");
        head.append("HTTP2-Settings: ").append(settings);
        for (HeaderField field : request.headers()) {
            head.append("\r\n").append(field.name()).append(": ").append(field.value());
        }
        return head.toString();
    }

    /** What the server answered: its head, and the octets after it, which are HTTP/2 if it switched. */
    record Answer(String head, String statusLine, ByteBuffer rest) {}

    /** Reads the response head from {@code in}. */
    static Answer read(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_HEAD];
        int filled = 0;
        while (true) {
            requireHttp1(buffer, filled);
            int end = indexOf(buffer, filled);
            if (end >= 0) {
                String head = new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
                int lineEnd = head.indexOf("\r\n");
                String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
                int restStart = end + END_OF_HEAD.length;
                return new Answer(head, statusLine,
                        ByteBuffer.wrap(Arrays.copyOfRange(buffer, restStart, filled)));
            }
            if (filled == buffer.length) {
                throw new H2ClientException("h2c upgrade: the server's HTTP/1.1 response head is longer than "
                        + MAX_HEAD + " octets", null, null);
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new H2ClientException("h2c upgrade: the server closed the connection before answering"
                        + " the upgrade request (RFC 7540 §3.2)", null, null);
            }
            filled += n;
        }
    }

    /** An answer must be HTTP/1.x from its first octets; a server that speaks h2 at once sends a frame. */
    private static void requireHttp1(byte[] buffer, int filled) throws H2ClientException {
        for (int i = 0; i < Math.min(filled, HTTP1.length); i++) {
            if (buffer[i] != HTTP1[i]) {
                StringBuilder octets = new StringBuilder();
                for (int j = 0; j < Math.min(filled, FrameParser.FRAME_HEADER_LENGTH); j++) {
                    octets.append(String.format(" %02x", buffer[j] & 0xff));
                }
                boolean settings = filled > 3 && buffer[3] == FrameType.SETTINGS.code();
                throw new H2ClientException("h2c upgrade: the server did not answer the upgrade request in HTTP/1.1"
                        + " (RFC 7540 §3.2) but with octets" + octets + (settings
                                ? ", an HTTP/2 SETTINGS frame: it expects prior knowledge (RFC 9113 §3.3), try that"
                                : ""), null, null);
            }
        }
    }

    /**
     * Checks the answer is a switch to h2c (RFC 7540 §3.2: 101 Switching Protocols naming h2c in its
     * Upgrade field).
     */
    static void requireSwitch(Answer answer) throws UpgradeRefusedException {
        String[] status = answer.statusLine().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("101")) {
            throw new UpgradeRefusedException(answer.statusLine(), "instead of 101 Switching Protocols");
        }
        for (String line : answer.head().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("upgrade")
                    && Arrays.stream(line.substring(colon + 1).split(","))
                            .anyMatch(token -> token.trim().toLowerCase(Locale.ROOT).equals("h2c"))) {
                return;
            }
        }
        throw new UpgradeRefusedException(answer.statusLine(), "without Upgrade: h2c");
    }

    private static int indexOf(byte[] buffer, int filled) {
        outer:
        for (int i = 0; i + END_OF_HEAD.length <= filled; i++) {
            for (int j = 0; j < END_OF_HEAD.length; j++) {
                if (buffer[i + j] != END_OF_HEAD[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

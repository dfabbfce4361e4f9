package dev.h2j.io.server.attacks;

import static dev.h2j.io.server.attacks.Attacker.concat;
import static dev.h2j.io.server.attacks.Attacker.getBlock;
import static dev.h2j.io.server.attacks.Attacker.headersFrame;
import static dev.h2j.io.server.attacks.Attacker.indexed;
import static dev.h2j.io.server.attacks.Attacker.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests built to desync a downstream HTTP/1.1 hop (SECURITY.md #14 to #17), hand-encoded since h2j's own
 * encoder refuses to emit them: each is malformed (RFC 9113 §8.1.1), so its stream is reset with
 * PROTOCOL_ERROR, the handler never sees it, and the connection goes on serving valid requests.
 */
@Timeout(60)
class SmugglingAttacksTest {
    Target target;

    @BeforeEach
    void start() throws Exception {
        target = Target.start();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    /** A GET for /smuggled with one more field. */
    static byte[] withField(String name, String value) {
        return concat(getBlock("/smuggled"), literal(name, value));
    }

    static Stream<Arguments> injectedFields() {
        // #14, RFC 9113 §8.2.1.
        return Stream.of(
                Arguments.of("CR in a value", withField("x-a", "1\rx-b: 2")),
                Arguments.of("LF in a value", withField("x-a", "1\nx-b: 2")),
                Arguments.of("CRLF in a value", withField("x-a", "1\r\nx-b: 2")),
                Arguments.of("NUL in a value", withField("x-a", "1\0")),
                Arguments.of("leading space in a value", withField("x-a", " 1")),
                Arguments.of("trailing tab in a value", withField("x-a", "1\t")),
                Arguments.of("uppercase name", withField("X-A", "1")),
                Arguments.of("space in a name", withField("x a", "1")),
                Arguments.of("colon inside a name", withField("x:a", "1")),
                Arguments.of("DEL in a name", withField("x\u007fa", "1")),
                Arguments.of("non-ASCII name", withField("x-\u00e9", "1")),
                Arguments.of("NUL in a name", withField("x\0a", "1")));
    }

    static Stream<Arguments> connectionSpecificFields() {
        // #15, RFC 9113 §8.2.2.
        return Stream.of(
                Arguments.of("connection", withField("connection", "keep-alive")),
                Arguments.of("keep-alive", withField("keep-alive", "timeout=5")),
                Arguments.of("proxy-connection", withField("proxy-connection", "keep-alive")),
                Arguments.of("transfer-encoding", withField("transfer-encoding", "chunked")),
                Arguments.of("upgrade", withField("upgrade", "h2c")),
                Arguments.of("te other than trailers", withField("te", "gzip")));
    }

    static Stream<Arguments> pseudoHeaderAbuse() {
        // #17, RFC 9113 §8.3 and RFC 8441 §4.
        byte[] method = indexed(2);
        byte[] scheme = indexed(6);
        byte[] authority = literal(":authority", "localhost");
        byte[] path = literal(":path", "/smuggled");
        return Stream.of(
                Arguments.of("two :path", concat(method, scheme, authority, path, literal(":path", "/admin"))),
                Arguments.of("no :method", concat(scheme, authority, path)),
                Arguments.of("no :scheme", concat(method, authority, path)),
                Arguments.of("no :path", concat(method, scheme, authority)),
                Arguments.of("empty :path", concat(method, scheme, authority, literal(":path", ""),
                        literal("x-path", "/smuggled"))),
                Arguments.of("unknown pseudo-field", concat(method, scheme, authority, path, literal(":foo", "1"))),
                Arguments.of("pseudo-field after a regular one",
                        concat(method, scheme, literal("x-a", "1"), authority, path)),
                Arguments.of(":status in a request",
                        concat(method, scheme, authority, path, literal(":status", "200"))),
                Arguments.of("CONNECT with :path", concat(literal(":method", "CONNECT"), authority, path)),
                Arguments.of(":protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL",
                        concat(literal(":method", "CONNECT"), literal(":protocol", "websocket"), scheme, authority,
                                path)));
    }

    static Stream<Arguments> contentLengthOnHeaders() {
        // #16, RFC 9113 §8.1.1 (RFC 9110 §8.6: differing values).
        return Stream.of(
                Arguments.of("two differing content-length values", concat(literal(":method", "POST"), indexed(6),
                        literal(":authority", "localhost"), literal(":path", "/smuggled"),
                        literal("content-length", "5"), literal("content-length", "6"))),
                Arguments.of("content-length that is no number", concat(literal(":method", "POST"), indexed(6),
                        literal(":authority", "localhost"), literal(":path", "/smuggled"),
                        literal("content-length", "5, 6"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"injectedFields", "connectionSpecificFields", "pseudoHeaderAbuse", "contentLengthOnHeaders"})
    void malformedRequestIsResetAndNeverHandled(String what, byte[] block) throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, block, true, true));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
            assertThat(attacker.seen(FrameType.HEADERS, 1)).as("a response to the malformed request").isEmpty();
            assertThat(attacker.goAway()).isEmpty();
        }
        assertThat(target.smuggled.get()).as("malformed requests the handler saw").isZero();
        target.assertRecovered();
    }

    @Test
    void teTrailersIsTheOneTeAllowed() throws Exception {
        // The control for the cases above: the same encoding with an allowed field is answered.
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, concat(getBlock("/allowed"), literal("te", "trailers")), true, true));
            assertThat(attacker.awaitStatus(1)).isEqualTo(200);
        }
        target.assertRecovered();
    }

    @Test
    void bodyShorterThanContentLengthIsReset() throws Exception {
        assertBodyMismatchReset("10", "12345");
    }

    @Test
    void bodyLongerThanContentLengthIsReset() throws Exception {
        assertBodyMismatchReset("3", "12345");
    }

    /** #16: the request reaches the handler with its headers; its body never ends for it, the stream is reset. */
    private void assertBodyMismatchReset(String contentLength, String body) throws Exception {
        try (Attacker attacker = target.attacker().preface()) {
            attacker.send(headersFrame(1, concat(literal(":method", "POST"), indexed(6),
                    literal(":authority", "localhost"), literal(":path", "/hold"),
                    literal("content-length", contentLength)), false, true),
                    attacker.data(1, body.getBytes(StandardCharsets.US_ASCII), true));
            assertThat(attacker.awaitReset(1)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            attacker.send(attacker.headers(3, Attacker.get("/after"), true));
            assertThat(attacker.awaitStatus(3)).isEqualTo(200);
            // "/hold" answers when the body ends: it never did.
            assertThat(attacker.seen(FrameType.HEADERS, 1)).isEmpty();
        }
        target.assertRecovered();
    }
}

package dev.h2j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.ErrorScope;
import dev.h2j.H2ProtocolException;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Field-block rules of RFC 9113 §8.1 to §8.5 and RFC 8441 §4, one test per rule and run in both
 * directions: a received block that breaks one is malformed (stream error PROTOCOL_ERROR, RFC 9113
 * §8.1.1), a block the caller wants to send that breaks one is refused (scope CALLER). Then the
 * normalisations: cookie joining and splitting, lowercasing, connection-field dropping, sensitivity.
 */
class HeaderValidationTest {
    private static final int STREAM_ID = 5;

    /** Validation on, normalisation off, so that what a test sends is exactly what gets checked. */
    enum Direction {
        INBOUND(ErrorScope.STREAM) {
            @Override
            List<HeaderField> validate(HeaderKind kind, List<HeaderField> fields, boolean connectProtocol) {
                return HeaderValidation.inbound(kind, fields, STREAM_ID, connectProtocol, true, false);
            }
        },
        OUTBOUND(ErrorScope.CALLER) {
            @Override
            List<HeaderField> validate(HeaderKind kind, List<HeaderField> fields, boolean connectProtocol) {
                return HeaderValidation.outbound(kind, fields, STREAM_ID, connectProtocol, true, false, false);
            }
        };

        final ErrorScope scope;

        Direction(ErrorScope scope) {
            this.scope = scope;
        }

        abstract List<HeaderField> validate(HeaderKind kind, List<HeaderField> fields, boolean connectProtocol);
    }

    // ---------------------------------------------------------------- helpers

    private static List<HeaderField> fields(String... namesAndValues) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(HeaderField.of(namesAndValues[i], namesAndValues[i + 1]));
        }
        return fields;
    }

    /** A valid GET request, followed by the given fields. */
    private static List<HeaderField> request(String... more) {
        List<HeaderField> fields = fields(":method", "GET", ":scheme", "https", ":authority", "example.com",
                ":path", "/");
        fields.addAll(fields(more));
        return fields;
    }

    /** A valid 200 response, followed by the given fields. */
    private static List<HeaderField> response(String... more) {
        List<HeaderField> fields = fields(":status", "200");
        fields.addAll(fields(more));
        return fields;
    }

    private static void assertValid(Direction direction, HeaderKind kind, List<HeaderField> fields) {
        assertValid(direction, kind, fields, false);
    }

    private static void assertValid(Direction direction, HeaderKind kind, List<HeaderField> fields,
            boolean connectProtocol) {
        assertThat(direction.validate(kind, fields, connectProtocol)).isSameAs(fields);
    }

    private static void assertMalformed(Direction direction, HeaderKind kind, List<HeaderField> fields,
            String section, String detail) {
        assertMalformed(direction, kind, fields, false, section, detail);
    }

    /** Asserts the exception type, scope, stream, code, and a message that starts with the section. */
    private static void assertMalformed(Direction direction, HeaderKind kind, List<HeaderField> fields,
            boolean connectProtocol, String section, String detail) {
        assertThatThrownBy(() -> direction.validate(kind, fields, connectProtocol))
                .isExactlyInstanceOf(H2ProtocolException.class)
                .satisfies(e -> {
                    H2ProtocolException error = (H2ProtocolException) e;
                    assertThat(error.scope()).isEqualTo(direction.scope);
                    assertThat(error.streamId()).isEqualTo(STREAM_ID);
                    assertThat(error.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
                    assertThat(error.getMessage()).startsWith(section + ": ").contains(detail);
                });
    }

    private static Stream<Arguments> eachDirection(Stream<?> values) {
        List<?> list = values.toList();
        return Stream.of(Direction.values()).flatMap(d -> list.stream().map(v -> Arguments.of(d, v)));
    }

    // ---------------------------------------------------------------- valid blocks pass unchanged

    @ParameterizedTest
    @EnumSource(Direction.class)
    void validBlocksOfEveryKindPassAsTheSameList(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, request("accept", "*/*", "te", "trailers", "content-length", "0"));
        assertValid(direction, HeaderKind.PUSH_PROMISE, request("accept", "*/*"));
        assertValid(direction, HeaderKind.RESPONSE, response("content-type", "text/plain"));
        assertValid(direction, HeaderKind.INFORMATIONAL, fields(":status", "103", "link", "</a.css>; rel=preload"));
        assertValid(direction, HeaderKind.TRAILERS, fields("grpc-status", "0"));
        assertValid(direction, HeaderKind.TRAILERS, List.of());
    }

    // ---------------------------------------------------------------- §8.2.1 field names

    @ParameterizedTest
    @EnumSource(Direction.class)
    void emptyNameIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, request("", "x"), "RFC 9113 §8.2.1",
                "field #4 has an empty name");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void uppercaseNameIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, request("Foo", "x"), "RFC 9113 §8.2.1",
                "field name 'Foo' contains uppercase 'F'");
    }

    static Stream<Arguments> forbiddenNameOctets() {
        // RFC 9113 §8.2.1: 0x00-0x20, 0x41-0x5a and 0x7f-0xff, all inclusive.
        return eachDirection(IntStream.rangeClosed(0, 0xFF)
                .filter(c -> c <= 0x20 || (c >= 0x41 && c <= 0x5A) || c >= 0x7F).boxed());
    }

    @ParameterizedTest
    @MethodSource("forbiddenNameOctets")
    void forbiddenOctetInNameIsMalformed(Direction direction, int octet) {
        HeaderField field = HeaderField.of(new byte[] {'x', (byte) octet}, new byte[] {'v'});
        List<HeaderField> fields = request();
        fields.add(field);
        assertMalformed(direction, HeaderKind.REQUEST, fields, "RFC 9113 §8.2.1", "field name 'x");
    }

    static Stream<Arguments> allowedNameOctets() {
        return eachDirection(IntStream.rangeClosed(0x21, 0x7E)
                .filter(c -> !(c >= 0x41 && c <= 0x5A) && c != ':').boxed());
    }

    @ParameterizedTest
    @MethodSource("allowedNameOctets")
    void everyOtherVisibleOctetIsAllowedInNames(Direction direction, int octet) {
        List<HeaderField> fields = request();
        fields.add(HeaderField.of(new byte[] {(byte) octet, 'x'}, new byte[] {'v'}));
        assertValid(direction, HeaderKind.REQUEST, fields);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void colonInsideNameIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, request("x:y", "1"), "RFC 9113 §8.2.1",
                "field name 'x:y' contains ':' after its first octet");
        assertMalformed(direction, HeaderKind.REQUEST, fields("::method", "GET"), "RFC 9113 §8.2.1",
                "field name '::method'");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void controlOctetsInQuotedNamesAreEscapedAndLongNamesCut(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, request("a\r\nb\\", "1"), "RFC 9113 §8.2.1",
                "field name 'a\\x0d\\x0ab\\x5c' contains octet 0x0d");
        String longName = "x".repeat(100) + "Y";
        assertMalformed(direction, HeaderKind.REQUEST, request(longName, "1"), "RFC 9113 §8.2.1",
                "'" + "x".repeat(64) + "...' contains uppercase 'Y'");
    }

    // ---------------------------------------------------------------- §8.2.1 field values

    static Stream<Arguments> forbiddenValueOctets() {
        return eachDirection(Stream.of(0x00, 0x0A, 0x0D));
    }

    @ParameterizedTest
    @MethodSource("forbiddenValueOctets")
    void nulLfOrCrInValueIsMalformed(Direction direction, int octet) {
        String name = octet == 0 ? "NUL" : octet == '\n' ? "LF" : "CR";
        for (String value : new String[] {(char) octet + "a", "a" + (char) octet + "b", "a" + (char) octet}) {
            assertMalformed(direction, HeaderKind.REQUEST, request("x-v", value), "RFC 9113 §8.2.1",
                    "value of field 'x-v' contains " + name + " at index " + value.indexOf(octet));
        }
    }

    static Stream<Arguments> whitespace() {
        return eachDirection(Stream.of(" ", "\t"));
    }

    @ParameterizedTest
    @MethodSource("whitespace")
    void valueStartingWithWhitespaceIsMalformed(Direction direction, String whitespace) {
        assertMalformed(direction, HeaderKind.REQUEST, request("x-v", whitespace + "a"), "RFC 9113 §8.2.1",
                "value of field 'x-v' starts with whitespace");
        assertMalformed(direction, HeaderKind.REQUEST, request("x-v", whitespace), "RFC 9113 §8.2.1",
                "starts with whitespace");
    }

    @ParameterizedTest
    @MethodSource("whitespace")
    void valueEndingWithWhitespaceIsMalformed(Direction direction, String whitespace) {
        assertMalformed(direction, HeaderKind.REQUEST, request("x-v", "a" + whitespace), "RFC 9113 §8.2.1",
                "value of field 'x-v' ends with whitespace");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void pseudoHeaderValuesFollowTheSameRules(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "https",
                ":authority", "example.com", ":path", "/a b "), "RFC 9113 §8.2.1",
                "value of field ':path' ends with whitespace");
    }

    static Stream<Arguments> allowedValues() {
        return eachDirection(Stream.of("", "a b", "a\tb", "\u0001\u007f\u0080\u00ff", "x", "a; b"));
    }

    @ParameterizedTest
    @MethodSource("allowedValues")
    void otherOctetsAndInnerWhitespaceAreAllowedInValues(Direction direction, String value) {
        assertValid(direction, HeaderKind.REQUEST, request("x-v", value));
    }

    // ---------------------------------------------------------------- §8.2.2 connection-specific fields

    static Stream<Arguments> connectionSpecificFields() {
        return eachDirection(Stream.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
                "upgrade"));
    }

    @ParameterizedTest
    @MethodSource("connectionSpecificFields")
    void connectionSpecificFieldIsMalformed(Direction direction, String name) {
        assertMalformed(direction, HeaderKind.REQUEST, request(name, "x"), "RFC 9113 §8.2.2",
                "connection-specific field '" + name + "' is not allowed");
        assertMalformed(direction, HeaderKind.RESPONSE, response(name, "x"), "RFC 9113 §8.2.2", name);
        assertMalformed(direction, HeaderKind.TRAILERS, fields(name, "x"), "RFC 9113 §8.2.2", name);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void namesOfTheSameLengthAsConnectionFieldsAreAllowed(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, request("x-upgrad", "1", "connectioz", "1", "keep-alivf", "1",
                "proxy-connectiom", "1", "transfer-encodinh", "1", "x-upgra", "1"));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void teOtherThanTrailersIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, request("te", "gzip"), "RFC 9113 §8.2.2",
                "field 'te' has value 'gzip'; only 'trailers' is allowed");
        assertMalformed(direction, HeaderKind.REQUEST, request("te", "trailers, gzip"), "RFC 9113 §8.2.2", "te");
        assertValid(direction, HeaderKind.REQUEST, request("te", "trailers"));
    }

    // ---------------------------------------------------------------- §8.3 pseudo-header fields

    @ParameterizedTest
    @EnumSource(Direction.class)
    void pseudoHeaderAfterRegularFieldIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "https", "accept", "*/*",
                ":path", "/"), "RFC 9113 §8.3", "pseudo-header field ':path' follows a regular field");
        assertMalformed(direction, HeaderKind.RESPONSE, fields("server", "h2j", ":status", "200"), "RFC 9113 §8.3",
                "':status' follows a regular field");
    }

    static Stream<Arguments> requestPseudoHeaders() {
        return eachDirection(Stream.of(":method", ":scheme", ":authority", ":path"));
    }

    @ParameterizedTest
    @MethodSource("requestPseudoHeaders")
    void repeatedRequestPseudoHeaderIsMalformed(Direction direction, String name) {
        List<HeaderField> fields = request();
        fields.add(1, HeaderField.of(name, name.equals(":method") ? "GET" : name.equals(":scheme") ? "https"
                : name.equals(":path") ? "/" : "example.com"));
        assertMalformed(direction, HeaderKind.REQUEST, fields, "RFC 9113 §8.3",
                "pseudo-header field '" + name + "' appears more than once");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void repeatedStatusOrProtocolIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.RESPONSE, fields(":status", "200", ":status", "200"),
                "RFC 9113 §8.3", "':status' appears more than once");
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "CONNECT", ":protocol", "websocket",
                ":protocol", "websocket", ":scheme", "https", ":authority", "a", ":path", "/"), true,
                "RFC 9113 §8.3", "':protocol' appears more than once");
    }

    static Stream<Arguments> undefinedPseudoHeaders() {
        return eachDirection(Stream.of(":", ":foo", ":pat", ":patx", ":methods", ":protocox", ":authorita", ":statuz"));
    }

    @ParameterizedTest
    @MethodSource("undefinedPseudoHeaders")
    void undefinedPseudoHeaderIsMalformed(Direction direction, String name) {
        List<HeaderField> fields = request();
        fields.add(0, HeaderField.of(name, "x"));
        assertMalformed(direction, HeaderKind.REQUEST, fields, "RFC 9113 §8.3",
                "pseudo-header field '" + name + "' is not defined for this request");
        List<HeaderField> response = response();
        response.add(0, HeaderField.of(name, "x"));
        assertMalformed(direction, HeaderKind.RESPONSE, response, "RFC 9113 §8.3", "is not defined for this response");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void statusInRequestIsMalformed(Direction direction) {
        List<HeaderField> fields = request();
        fields.add(0, HeaderField.of(":status", "200"));
        assertMalformed(direction, HeaderKind.REQUEST, fields, "RFC 9113 §8.3",
                "':status' is not defined for this request");
        assertMalformed(direction, HeaderKind.PUSH_PROMISE, fields, "RFC 9113 §8.3",
                "':status' is not defined for this promised request");
    }

    static Stream<Arguments> requestPseudoHeadersAndProtocol() {
        return eachDirection(Stream.of(":method", ":scheme", ":authority", ":path", ":protocol"));
    }

    @ParameterizedTest
    @MethodSource("requestPseudoHeadersAndProtocol")
    void requestPseudoHeaderInResponseIsMalformed(Direction direction, String name) {
        assertMalformed(direction, HeaderKind.RESPONSE, fields(":status", "200", name, "x"), "RFC 9113 §8.3",
                "'" + name + "' is not defined for this response");
        assertMalformed(direction, HeaderKind.INFORMATIONAL, fields(":status", "100", name, "x"), "RFC 9113 §8.3",
                "'" + name + "' is not defined for this informational response");
    }

    @ParameterizedTest
    @MethodSource("requestPseudoHeadersAndProtocol")
    void pseudoHeaderInTrailersIsMalformed(Direction direction, String name) {
        assertMalformed(direction, HeaderKind.TRAILERS, fields(name, "x", "grpc-status", "0"), "RFC 9113 §8.1",
                "trailers contain pseudo-header field '" + name + "'");
        assertMalformed(direction, HeaderKind.TRAILERS, fields(":status", "200"), "RFC 9113 §8.1",
                "trailers contain pseudo-header field ':status'");
    }

    // ---------------------------------------------------------------- §8.3.1 request pseudo-header fields

    static Stream<Arguments> mandatoryRequestPseudoHeaders() {
        return eachDirection(Stream.of(":method", ":scheme", ":path"));
    }

    @ParameterizedTest
    @MethodSource("mandatoryRequestPseudoHeaders")
    void requestWithoutMandatoryPseudoHeaderIsMalformed(Direction direction, String name) {
        List<HeaderField> fields = request();
        fields.removeIf(f -> f.name().equals(name));
        assertMalformed(direction, HeaderKind.REQUEST, fields, "RFC 9113 §8.3.1", "request lacks '" + name + "'");
        assertMalformed(direction, HeaderKind.PUSH_PROMISE, fields, "RFC 9113 §8.3.1",
                "promised request lacks '" + name + "'");
    }

    @ParameterizedTest
    @MethodSource("mandatoryRequestPseudoHeaders")
    void emptyMandatoryRequestPseudoHeaderIsMalformed(Direction direction, String name) {
        List<HeaderField> fields = request();
        fields.replaceAll(f -> f.name().equals(name) ? HeaderField.of(name, "") : f);
        assertMalformed(direction, HeaderKind.REQUEST, fields, "RFC 9113 §8.3.1", "'" + name + "' is empty");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void asteriskPathAndNonHttpSchemesAreAllowed(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, fields(":method", "OPTIONS", ":scheme", "https",
                ":authority", "example.com", ":path", "*"));
        assertValid(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "urn", ":path", "x"));
        assertValid(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "file", ":path", "/x"));
        assertValid(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "ftps", ":path", "/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https", "HTTPS"})
    void httpRequestWithoutAuthorityOrHostIsMalformed(String scheme) {
        for (Direction direction : Direction.values()) {
            assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", scheme, ":path", "/"),
                    "RFC 9113 §8.3.1", "'" + scheme + "' request lacks both ':authority' and 'host'");
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void httpRequestWithHostOnlyIsAllowed(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "http", ":path", "/",
                "host", "example.com"));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void httpRequestWithEmptyAuthorityOrHostIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "https", ":authority", "",
                ":path", "/"), "RFC 9113 §8.3.1", "':authority' is empty");
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "GET", ":scheme", "https", ":path", "/",
                "host", ""), "RFC 9113 §8.3.1", "'host' is empty");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void hostDifferingFromAuthorityIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, request("host", "example.org"), "RFC 9113 §8.3.1",
                "'host' 'example.org' differs from ':authority' 'example.com'");
        assertMalformed(direction, HeaderKind.REQUEST, request("host", "example.com", "accept", "*/*",
                "host", "evil.example"), "RFC 9113 §8.3.1", "'host' 'evil.example' differs");
        assertMalformed(direction, HeaderKind.REQUEST, request("host", "example.co"), "RFC 9113 §8.3.1", "differs");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void hostEqualToAuthorityIgnoringCaseIsAllowed(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, request("host", "Example.COM"));
    }

    // ---------------------------------------------------------------- §8.5 CONNECT, RFC 8441 §4 extended CONNECT

    @ParameterizedTest
    @EnumSource(Direction.class)
    void plainConnectNeedsOnlyMethodAndAuthority(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, fields(":method", "CONNECT", ":authority", "proxy.example:443"));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void plainConnectWithSchemeOrPathIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "CONNECT", ":scheme", "https",
                ":authority", "a:443"), "RFC 9113 §8.5", "CONNECT request must omit ':scheme'");
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "CONNECT", ":authority", "a:443",
                ":path", "/"), "RFC 9113 §8.5", "CONNECT request must omit ':path'");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void plainConnectWithoutAuthorityIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "CONNECT"), "RFC 9113 §8.5",
                "CONNECT request needs a non-empty ':authority'");
        assertMalformed(direction, HeaderKind.REQUEST, fields(":method", "CONNECT", ":authority", ""),
                "RFC 9113 §8.5", "non-empty ':authority'");
    }

    private static List<HeaderField> extendedConnect() {
        return fields(":method", "CONNECT", ":protocol", "websocket", ":scheme", "https",
                ":authority", "example.com", ":path", "/chat");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void extendedConnectIsAllowedOnceEnabled(Direction direction) {
        assertValid(direction, HeaderKind.REQUEST, extendedConnect(), true);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void protocolWithoutEnableConnectProtocolIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.REQUEST, extendedConnect(), false, "RFC 8441 §3",
                "':protocol' needs SETTINGS_ENABLE_CONNECT_PROTOCOL = 1");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void protocolWithoutConnectIsMalformed(Direction direction) {
        List<HeaderField> fields = extendedConnect();
        fields.set(0, HeaderField.of(":method", "GET"));
        assertMalformed(direction, HeaderKind.REQUEST, fields, true, "RFC 8441 §4",
                "':protocol' is only allowed with ':method' CONNECT, not 'GET'");
    }

    static Stream<Arguments> extendedConnectPseudoHeaders() {
        return eachDirection(Stream.of(":scheme", ":path", ":authority"));
    }

    @ParameterizedTest
    @MethodSource("extendedConnectPseudoHeaders")
    void extendedConnectWithoutSchemePathOrAuthorityIsMalformed(Direction direction, String name) {
        List<HeaderField> fields = extendedConnect();
        fields.removeIf(f -> f.name().equals(name));
        assertMalformed(direction, HeaderKind.REQUEST, fields, true, "RFC 8441 §4",
                "extended CONNECT request lacks '" + name + "'");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void extendedConnectFollowsTheRequestRules(Direction direction) {
        List<HeaderField> fields = extendedConnect();
        fields.set(4, HeaderField.of(":path", ""));
        assertMalformed(direction, HeaderKind.REQUEST, fields, true, "RFC 9113 §8.3.1", "':path' is empty");
        fields = extendedConnect();
        fields.set(3, HeaderField.of(":authority", ""));
        assertMalformed(direction, HeaderKind.REQUEST, fields, true, "RFC 9113 §8.3.1",
                "':authority' is empty");
    }

    // ---------------------------------------------------------------- §8.4 PUSH_PROMISE

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void safeCacheableMethodsMayBePromised(String method) {
        for (Direction direction : Direction.values()) {
            List<HeaderField> fields = request("content-length", "0");
            fields.set(0, HeaderField.of(":method", method));
            assertValid(direction, HeaderKind.PUSH_PROMISE, fields);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "CONNECT", "get"})
    void promisedRequestWithUnsafeMethodIsMalformed(String method) {
        for (Direction direction : Direction.values()) {
            List<HeaderField> fields = request();
            fields.set(0, HeaderField.of(":method", method));
            assertMalformed(direction, HeaderKind.PUSH_PROMISE, fields, "RFC 9113 §8.4",
                    "promised request method '" + method + "' is not safe and cacheable");
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void promisedRequestWithContentIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.PUSH_PROMISE, request("content-length", "1"), "RFC 9113 §8.4",
                "promised request has content-length 1; it cannot carry content");
        assertValid(direction, HeaderKind.REQUEST, request("content-length", "1"));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void promisedExtendedConnectIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.PUSH_PROMISE, extendedConnect(), true, "RFC 9113 §8.4",
                "'CONNECT' is not safe");
        List<HeaderField> fields = extendedConnect();
        fields.set(0, HeaderField.of(":method", "GET"));
        assertMalformed(direction, HeaderKind.PUSH_PROMISE, fields, true, "RFC 8441 §4", "not 'GET'");
    }

    // ---------------------------------------------------------------- §8.3.2, §8.1 responses

    @ParameterizedTest
    @EnumSource(value = HeaderKind.class, names = {"RESPONSE", "INFORMATIONAL"})
    void responseWithoutStatusIsMalformed(HeaderKind kind) {
        for (Direction direction : Direction.values()) {
            assertMalformed(direction, kind, fields("server", "h2j"), "RFC 9113 §8.3.2", "response lacks ':status'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "2000", "abc", "2a0", "+20", "-20", "2/0", "2:0"})
    void statusThatIsNotThreeDigitsIsMalformed(String status) {
        for (Direction direction : Direction.values()) {
            assertMalformed(direction, HeaderKind.RESPONSE, fields(":status", status), "RFC 9113 §8.3.2",
                    "':status' '" + status + "' is not three digits");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"200", "204", "404", "599"})
    void finalStatusFrom200To599IsAllowed(String status) {
        for (Direction direction : Direction.values()) {
            assertValid(direction, HeaderKind.RESPONSE, fields(":status", status));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"000", "100", "101", "199", "600", "999"})
    void finalStatusOutside200To599IsMalformed(String status) {
        for (Direction direction : Direction.values()) {
            assertMalformed(direction, HeaderKind.RESPONSE, fields(":status", status), "RFC 9113 §8.3.2",
                    "final response has ':status' " + Integer.parseInt(status) + ", not 200-599");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "102", "103", "199"})
    void informationalStatusFrom100To199IsAllowed(String status) {
        for (Direction direction : Direction.values()) {
            assertValid(direction, HeaderKind.INFORMATIONAL, fields(":status", status));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"000", "099", "200", "204", "599"})
    void informationalStatusOutside1xxIsMalformed(String status) {
        for (Direction direction : Direction.values()) {
            assertMalformed(direction, HeaderKind.INFORMATIONAL, fields(":status", status), "RFC 9113 §8.1",
                    "informational response has ':status' " + Integer.parseInt(status) + ", not 1xx");
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void switchingProtocolsIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.INFORMATIONAL, fields(":status", "101"), "RFC 9113 §8.6",
                "':status' 101 (Switching Protocols) is not supported in HTTP/2");
    }

    // ---------------------------------------------------------------- §8.1.1 content-length

    static Stream<Arguments> nonDecimalContentLengths() {
        return eachDirection(Stream.of("", "-1", "+1", "1.0", "abc", "0x10", "1,1", "1 1", "1/", "1:"));
    }

    @ParameterizedTest
    @MethodSource("nonDecimalContentLengths")
    void contentLengthThatIsNotDecimalIsMalformed(Direction direction, String value) {
        assertMalformed(direction, HeaderKind.REQUEST, request("content-length", value), "RFC 9113 §8.1.1",
                "content-length '" + value + "' is not a decimal number");
        assertMalformed(direction, HeaderKind.RESPONSE, response("content-length", value), "RFC 9113 §8.1.1",
                "is not a decimal number");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void contentLengthAboveLongMaxIsMalformed(Direction direction) {
        assertMalformed(direction, HeaderKind.RESPONSE, response("content-length", "9223372036854775808"),
                "RFC 9113 §8.1.1", "content-length '9223372036854775808' exceeds 2^63-1");
        assertMalformed(direction, HeaderKind.RESPONSE, response("content-length", "99999999999999999999"),
                "RFC 9113 §8.1.1", "exceeds 2^63-1");
        assertValid(direction, HeaderKind.RESPONSE, response("content-length", "9223372036854775807"));
        assertValid(direction, HeaderKind.RESPONSE, response("content-length", "000000000000000000000012"));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void repeatedContentLengthMustRepeatTheSameDigits(Direction direction) {
        assertValid(direction, HeaderKind.RESPONSE, response("content-length", "12", "x", "y", "content-length", "12"));
        assertMalformed(direction, HeaderKind.RESPONSE, response("content-length", "12", "content-length", "13"),
                "RFC 9113 §8.1.1", "content-length values '12' and '13' differ");
        assertMalformed(direction, HeaderKind.RESPONSE, response("content-length", "12", "content-length", "012"),
                "RFC 9113 §8.1.1", "differ");
        assertMalformed(direction, HeaderKind.RESPONSE, response("content-length", "12", "content-length", "x"),
                "RFC 9113 §8.1.1", "differ");
    }

    @Test
    void contentLengthReadsTheValidatedValue() {
        assertThat(HeaderValidation.contentLength(response())).isEqualTo(-1);
        assertThat(HeaderValidation.contentLength(response("content-length", "0"))).isZero();
        assertThat(HeaderValidation.contentLength(response("x", "1", "content-length", "9223372036854775807")))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(HeaderValidation.contentLength(response("content-length", "0042"))).isEqualTo(42);
    }

    @Test
    void contentLengthOfAnUnvalidatedBlockIsRefused() {
        assertThatThrownBy(() -> HeaderValidation.contentLength(response("content-length", "4\r\n2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("content-length '4\\x0d\\x0a2' was not validated");
    }

    // ---------------------------------------------------------------- switches off

    @Test
    void validationOffPassesAMalformedBlockUntouched() {
        List<HeaderField> fields = fields("Bad Name", " v\r\n", "connection", "close", "cookie", "a", "cookie", "b");
        assertThat(HeaderValidation.inbound(HeaderKind.REQUEST, fields, STREAM_ID, false, false, false))
                .isSameAs(fields);
        assertThat(HeaderValidation.outbound(HeaderKind.REQUEST, fields, STREAM_ID, false, false, false, true))
                .isSameAs(fields);
    }

    // ---------------------------------------------------------------- inbound normalisation: §8.2.3 cookies

    private static List<HeaderField> inboundNormalized(List<HeaderField> fields) {
        return HeaderValidation.inbound(HeaderKind.REQUEST, fields, STREAM_ID, false, true, true);
    }

    @Test
    void inboundCookiesAreJoinedWhereTheFirstOneWas() {
        List<HeaderField> fields = request("accept", "*/*", "cookie", "a=b", "x-1", "1", "cookie", "c=d",
                "cookie", "e=f", "x-2", "2");
        List<HeaderField> joined = inboundNormalized(fields);
        assertThat(joined).containsExactlyElementsOf(request("accept", "*/*", "cookie", "a=b; c=d; e=f",
                "x-1", "1", "x-2", "2"));
        assertThat(joined.get(5).sensitive()).isFalse();
    }

    @Test
    void inboundJoinedCookieIsSensitiveIfAnyPartWas() {
        List<HeaderField> fields = request("cookie", "a=b");
        fields.add(HeaderField.sensitive("cookie", "sid=1"));
        List<HeaderField> joined = inboundNormalized(fields);
        assertThat(joined.get(4)).isEqualTo(HeaderField.of("cookie", "a=b; sid=1"));
        assertThat(joined.get(4).sensitive()).isTrue();
    }

    @Test
    void inboundJoinKeepsEmptyCookiesAsTheRfcConcatenates() {
        assertThat(inboundNormalized(request("cookie", "", "cookie", "a", "cookie", "")))
                .containsExactlyElementsOf(request("cookie", "; a; "));
    }

    @Test
    void inboundBlockWithAtMostOneCookieIsReturnedAsIs() {
        List<HeaderField> one = request("cookie", "a=b; c=d");
        assertThat(inboundNormalized(one)).isSameAs(one);
        List<HeaderField> none = request("accept", "*/*");
        assertThat(inboundNormalized(none)).isSameAs(none);
    }

    @Test
    void inboundCookiesStaySeparateWithoutNormalisation() {
        List<HeaderField> fields = request("cookie", "a", "cookie", "b");
        assertThat(HeaderValidation.inbound(HeaderKind.REQUEST, fields, STREAM_ID, false, true, false))
                .isSameAs(fields);
    }

    @Test
    void inboundNormalisationRunsAfterValidation() {
        assertThatThrownBy(() -> inboundNormalized(request("cookie", "a", "cookie", " b")))
                .isInstanceOf(H2ProtocolException.class).hasMessageContaining("'cookie' starts with whitespace");
    }

    // ---------------------------------------------------------------- outbound normalisation

    private static List<HeaderField> outboundNormalized(HeaderKind kind, List<HeaderField> fields, boolean split) {
        return HeaderValidation.outbound(kind, fields, STREAM_ID, false, true, true, split);
    }

    private static List<HeaderField> outboundNormalized(List<HeaderField> fields) {
        return outboundNormalized(HeaderKind.REQUEST, fields, false);
    }

    @Test
    void outboundNamesAreLowercased() {
        List<HeaderField> fields = request("Content-Type", "text/HTML", "X-ÀB", "1");
        fields.add(HeaderField.sensitive("X-Token", "abc"));
        fields.set(0, HeaderField.of(":METHOD", "GET"));
        // RFC 9113 §8.2: only ASCII letters are lowered; the non-ASCII name is then refused by §8.2.1.
        assertThatThrownBy(() -> outboundNormalized(fields))
                .isInstanceOf(H2ProtocolException.class).hasMessageContaining("field name 'x-\\xc0b'");
        fields.remove(5);
        List<HeaderField> lowered = outboundNormalized(fields);
        assertThat(lowered).containsExactlyElementsOf(request("content-type", "text/HTML", "x-token", "abc"));
        assertThat(lowered.get(5).sensitive()).isTrue();
        assertThat(lowered.get(4).sensitive()).isFalse();
    }

    static Stream<String> droppedConnectionFields() {
        return Stream.of("connection", "Keep-Alive", "proxy-connection", "TRANSFER-ENCODING", "upgrade");
    }

    @ParameterizedTest
    @MethodSource("droppedConnectionFields")
    void outboundConnectionSpecificFieldsAreDropped(String name) {
        assertThat(outboundNormalized(request("a", "1", name, "x", "b", "2")))
                .containsExactlyElementsOf(request("a", "1", "b", "2"));
    }

    @Test
    void outboundTeIsDroppedUnlessTrailers() {
        assertThat(outboundNormalized(request("te", "gzip", "TE", "trailers", "te", "Trailers")))
                .containsExactlyElementsOf(request("te", "trailers"));
        List<HeaderField> trailersOnly = request("te", "trailers");
        assertThat(outboundNormalized(trailersOnly)).isSameAs(trailersOnly);
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "proxy-authorization", "Authorization"})
    void outboundCredentialsAreSensitiveWhateverTheirLength(String name) {
        String longToken = "Bearer " + "x".repeat(100);
        List<HeaderField> secured = outboundNormalized(request(name, "Basic YQ==", name, longToken));
        assertThat(secured).containsExactlyElementsOf(request(name.toLowerCase(), "Basic YQ==",
                name.toLowerCase(), longToken));
        assertThat(secured.get(4).sensitive()).isTrue();
        assertThat(secured.get(5).sensitive()).isTrue();
    }

    @Test
    void outboundCookiesShorterThan20OctetsAreSensitive() {
        String short19 = "s".repeat(19);
        String long20 = "l".repeat(20);
        List<HeaderField> secured = outboundNormalized(request("cookie", short19, "cookie", long20));
        assertThat(secured).containsExactlyElementsOf(request("cookie", short19, "cookie", long20));
        assertThat(secured.get(4).sensitive()).isTrue();
        assertThat(secured.get(5).sensitive()).isFalse();
    }

    @Test
    void outboundBlockNeedingNoChangeIsReturnedAsIs() {
        List<HeaderField> fields = request("accept", "*/*", "cookie", "session=0123456789abcdef0123", "te", "trailers");
        fields.add(HeaderField.sensitive("authorization", "Basic YQ=="));
        assertThat(outboundNormalized(HeaderKind.REQUEST, fields, true)).isSameAs(fields);
    }

    @Test
    void outboundCookiesAreSplitAtSemicolonSpace() {
        String big = "big=" + "v".repeat(30);
        List<HeaderField> split = outboundNormalized(HeaderKind.REQUEST,
                request("x", "1", "cookie", "a=b; " + big + "; c=d", "y", "2"), true);
        assertThat(split).containsExactlyElementsOf(request("x", "1", "cookie", "a=b", "cookie", big,
                "cookie", "c=d", "y", "2"));
        assertThat(split.get(5).sensitive()).isTrue();
        assertThat(split.get(6).sensitive()).isFalse();
        assertThat(split.get(7).sensitive()).isTrue();
    }

    @Test
    void outboundSplitOfASensitiveCookieKeepsEveryCrumbSensitive() {
        String big = "big=" + "v".repeat(30);
        List<HeaderField> fields = request();
        fields.add(HeaderField.sensitive("Cookie", big + "; " + big));
        List<HeaderField> split = outboundNormalized(HeaderKind.REQUEST, fields, true);
        assertThat(split).containsExactlyElementsOf(request("cookie", big, "cookie", big));
        assertThat(split.get(4).sensitive()).isTrue();
        assertThat(split.get(5).sensitive()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b;c=d", "a=b;  c=d", "a=b ; c=d", "; a=b", "a=b; ", "a=b;\tc=d", "a=b"})
    void outboundCookieIsNotSplitWhereACrumbWouldBeEmptyOrPadded(String cookie) {
        // Without validation, so that even padded values show they are left whole.
        List<HeaderField> fields = request("cookie", cookie);
        List<HeaderField> out = HeaderValidation.outbound(HeaderKind.REQUEST, fields, STREAM_ID, false, false,
                true, true);
        assertThat(out).containsExactlyElementsOf(fields);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b; c=d", "a=b; ; c=d", "a=b; ; ; c=d", "a; b; c; d; e", "a=b;  c=d; e=f",
            "x=1; y=2 ; z=3", "; a=b; c", "q"})
    void splittingThenJoiningCookiesGivesBackTheValue(String cookie) {
        List<HeaderField> split = HeaderValidation.outbound(HeaderKind.REQUEST, request("cookie", cookie),
                STREAM_ID, false, false, true, true);
        List<HeaderField> joined = HeaderValidation.inbound(HeaderKind.REQUEST, split, STREAM_ID, false,
                false, true);
        assertThat(joined).containsExactlyElementsOf(request("cookie", cookie));
    }

    @Test
    void splitCrumbsAreValidWheneverTheCookieWas() {
        List<HeaderField> split = outboundNormalized(HeaderKind.REQUEST,
                request("cookie", "a=b; ; c=d;  e=f ; g=h"), true);
        assertThat(split).extracting(HeaderField::value).containsExactly("GET", "https", "example.com", "/",
                "a=b", "; c=d;  e=f ; g=h");
    }

    @Test
    void outboundCookiesAreNotSplitUnlessAskedOrWithoutNormalisation() {
        List<HeaderField> fields = request("cookie", "a=b; c=d");
        assertThat(outboundNormalized(HeaderKind.REQUEST, fields, false))
                .containsExactlyElementsOf(fields);
        assertThat(HeaderValidation.outbound(HeaderKind.REQUEST, fields, STREAM_ID, false, true, false, true))
                .isSameAs(fields);
    }

    @Test
    void outboundNormalisationRunsBeforeValidation() {
        List<HeaderField> fields = request("Accept", "*/*", "Connection", "keep-alive", "te", "gzip");
        assertThat(outboundNormalized(fields)).containsExactlyElementsOf(request("accept", "*/*"));
        assertThatThrownBy(() -> HeaderValidation.outbound(HeaderKind.REQUEST, fields, STREAM_ID, false,
                true, false, false)).isInstanceOf(H2ProtocolException.class);
    }

    @Test
    void outboundNormalisationNeverStripsWhitespaceOrControlOctets() {
        for (String value : List.of(" padded", "padded\t", "line\r\nbreak", "nul\u0000")) {
            assertThatThrownBy(() -> outboundNormalized(request("x-v", value)))
                    .isExactlyInstanceOf(H2ProtocolException.class)
                    .hasMessageStartingWith("RFC 9113 §8.2.1: value of field 'x-v'");
        }
        List<HeaderField> fields = request("x-v", " padded");
        assertThat(HeaderValidation.outbound(HeaderKind.REQUEST, fields, STREAM_ID, false, false, true, true))
                .isSameAs(fields);
    }

    @Test
    void outboundNormalisationAppliesToEveryKind() {
        assertThat(outboundNormalized(HeaderKind.RESPONSE, response("Server", "h2j", "connection", "close"), true))
                .containsExactlyElementsOf(response("server", "h2j"));
        assertThat(outboundNormalized(HeaderKind.TRAILERS, fields("Grpc-Status", "0"), true))
                .containsExactlyElementsOf(fields("grpc-status", "0"));
    }

    /** Octets that the rules of RFC 9113 §8.2.1 single out, mixed with ordinary ones. */
    @Provide
    Arbitrary<byte[]> edgyOctets() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.bytes().between((byte) 'a', (byte) 'z')),
                Tuple.of(1, Arbitraries.of((byte) 0, (byte) '\r', (byte) '\n', (byte) ' ',
                        (byte) '\t', (byte) ':', (byte) 'A', (byte) 0x7f, (byte) 0x80, (byte) '-')))
                .array(byte[].class).ofMaxSize(6);
    }

    /**
     * HeaderField.hasValidOctets lets validation skip its octet checks: it must never pass a field those
     * checks refuse (trailers, so that no pseudo-header or request rule is involved; names that other
     * rules of §8.2.2 and §8.1.1 single out are left aside).
     */
    @Property(tries = 3000)
    void validOctetsAgreeWithTheOctetChecks(@ForAll("edgyOctets") byte[] name,
            @ForAll("edgyOctets") byte[] value) {
        HeaderField field = HeaderField.of(name, value);
        Assume.that(field.nameLength() == 0 || field.nameAt(0) != ':');
        Assume.that(!List.of("te", "upgrade", "host").contains(field.name()));
        boolean refused;
        try {
            HeaderValidation.inbound(HeaderKind.TRAILERS, List.of(HeaderField.of(name, value)), STREAM_ID, false, true, false);
            refused = false;
        } catch (H2ProtocolException e) {
            assertThat(e.getMessage()).contains("RFC 9113 §8.2.1");
            refused = true;
        }
        assertThat(field.hasValidOctets()).isEqualTo(!refused);
    }
}

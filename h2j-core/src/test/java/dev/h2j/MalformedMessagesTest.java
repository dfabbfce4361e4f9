package dev.h2j;

import static dev.h2j.H2Assertions.assertConnectionError;
import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.COMPRESSION_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.REFUSED_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.FrameType;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.IndexingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed messages at the connection (RFC 9113 §8.1.1): a malformed field block or content that
 * disagrees with content-length is a stream error PROTOCOL_ERROR, and the connection goes on with its
 * HPACK state in step; a field block the caller wants to send that breaks RFC 9113 §8 is refused and
 * changes nothing; HPACK that cannot be decoded is a connection error COMPRESSION_ERROR (§4.3).
 */
class MalformedMessagesTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "https", "example.com", "/");
    private static final TestFrame.Headers GET_3 = Frames.headers(3).request("GET", "https", "example.com", "/");

    // ---------------------------------------------------------------- inbound field blocks

    static Stream<Named<TestFrame.Headers>> malformedRequests() {
        return Stream.of(
                Named.of("uppercase field name (§8.2.1)", GET_1.field("X-Upper", "v")),
                Named.of("connection-specific field (§8.2.2)", GET_1.field("connection", "close")),
                Named.of("transfer-encoding (§8.2.2)", GET_1.field("transfer-encoding", "chunked")),
                Named.of("te other than trailers (§8.2.2)", GET_1.field("te", "gzip")),
                Named.of("missing :path (§8.3.1)", Frames.headers(1).field(":method", "GET")
                        .field(":scheme", "https").field(":authority", "example.com")),
                Named.of("missing :method (§8.3.1)", Frames.headers(1).field(":scheme", "https")
                        .field(":authority", "example.com").field(":path", "/")),
                Named.of("empty :path (§8.3.1)", Frames.headers(1).request("GET", "https", "example.com", "")),
                Named.of("pseudo-header after a regular field (§8.3)", Frames.headers(1).field(":method", "GET")
                        .field(":scheme", "https").field(":authority", "example.com").field("accept", "*/*")
                        .field(":path", "/")),
                Named.of("duplicate :path (§8.3)", GET_1.field(":path", "/again")),
                Named.of("undefined pseudo-header (§8.3)", Frames.headers(1).field(":late", "x")
                        .request("GET", "https", "example.com", "/")),
                Named.of(":status in a request (§8.3)", Frames.headers(1).field(":status", "200")
                        .request("GET", "https", "example.com", "/")),
                Named.of("CR in a value (§8.2.1)", GET_1.field("x-bad", "a\rb")),
                Named.of("LF in a value (§8.2.1)", GET_1.field("x-bad", "a\nb")),
                Named.of("NUL in a value (§8.2.1)", GET_1.field("x-bad", "a\0b")),
                Named.of("value with leading space (§8.2.1)", GET_1.field("x-bad", " v")),
                Named.of("name with a space (§8.2.1)", GET_1.field("x bad", "v")),
                Named.of("host differing from :authority (§8.3.1)", GET_1.field("host", "other.example")),
                Named.of("content-length not a number (§8.1.1)", GET_1.field("content-length", "ten")),
                Named.of("content-length values differ (§8.1.1)", GET_1.field("content-length", "1")
                        .field("content-length", "2")));
    }

    @ParameterizedTest
    @MethodSource("malformedRequests")
    void malformedRequestIsAStreamErrorAndTheConnectionGoesOn(TestFrame.Headers request) {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(request.endStream());

        assertThat(events).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.conn.openInboundStreams()).isZero();
        List<Event> next = server.receive(GET_3.endStream());
        assertThat(next).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(((RequestReceived) next.get(0)).streamId()).isEqualTo(3);
        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
    }

    @Test
    void framesCrossingTheResetOfAMalformedRequestAreDiscarded() {
        Scenario server = Scenario.server();
        server.receive(GET_1.field("connection", "close"));
        server.sent();

        assertThat(server.receive(Frames.data(1, "late"), Frames.headers(1).field("x-trailer", "t").endStream()))
                .isEmpty();
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void malformedRequestLeavesTheHpackTablesInStep() {
        // The peer indexes every field: the second block refers to entries the rejected first one added.
        HpackEncoder peerEncoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        List<HeaderField> request = new ArrayList<>(Frames.requestFields("GET", "https", "example.com", "/"));
        request.add(HeaderField.of("x-trace", "abc123"));
        List<HeaderField> malformed = new ArrayList<>(request);
        malformed.add(HeaderField.of("connection", "close"));
        byte[] first = peerEncoder.encode(malformed);
        byte[] second = peerEncoder.encode(request);
        Scenario server = Scenario.server();

        assertThat(second).hasSizeLessThan(Frames.headerBlock(request).length);
        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 1, first)))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        List<Event> events = server.receive(
                Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3, second));
        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(((RequestReceived) events.get(0)).headers()).isEqualTo(request);
    }

    @Test
    void malformedResponseIsAStreamErrorOnTheClient() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        assertThat(client.receive(Frames.headers(1).response(200).field("Server", "x")))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(client.conn.openOutboundStreams()).isZero();
        client.conn.sendHeaders(3, GET_3.fields(), true);
        assertThat(client.sent()).containsExactly(GET_3.endStream());
    }

    @Test
    void responseWithoutStatusIsMalformed() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        assertThat(client.receive(Frames.headers(1).field("server", "x").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
    }

    // ---------------------------------------------------------------- outbound field blocks

    static Stream<Arguments> badRequestsToSend() {
        List<HeaderField> get = GET_1.fields();
        return Stream.of(
                Arguments.of(Named.of("CR in a value", with(get, "x-bad", "a\rb")), "RFC 9113 §8.2.1"),
                Arguments.of(Named.of("NUL in a value", with(get, "x-bad", "a\0b")), "RFC 9113 §8.2.1"),
                Arguments.of(Named.of("trailing whitespace", with(get, "x-bad", "v ")), "RFC 9113 §8.2.1"),
                Arguments.of(Named.of("missing :path", get.subList(0, 3)), "RFC 9113 §8.3.1"),
                Arguments.of(Named.of("pseudo-header after a regular field",
                        with(get.subList(0, 3), "accept", "*/*", ":path", "/")), "RFC 9113 §8.3"),
                Arguments.of(Named.of(":status in a request", with(get, ":status", "200")), "RFC 9113 §8.3"),
                Arguments.of(Named.of("host differing from :authority",
                        with(get, "host", "other.example")), "RFC 9113 §8.3.1"));
    }

    @ParameterizedTest
    @MethodSource("badRequestsToSend")
    void badRequestIsRefusedAndChangesNothing(List<HeaderField> request, String rule) {
        Scenario client = Scenario.client();

        assertRefused(() -> client.conn.sendHeaders(1, request, true), H2ProtocolException.class, PROTOCOL_ERROR,
                rule);

        assertThat(client.conn.outboundSize()).isZero();
        assertThat(client.conn.openOutboundStreams()).isZero();
        assertThat(client.conn.nextAvailableStreamId()).isEqualTo(1);
        client.conn.sendHeaders(1, GET_1.field("x-trace", "abc").fields(), true);
        client.conn.sendHeaders(3, GET_3.field("x-trace", "abc").fields(), true);
        // The peer decodes both blocks with one HPACK table: the refused call encoded nothing.
        assertThat(client.sent()).containsExactly(GET_1.field("x-trace", "abc").endStream(),
                GET_3.field("x-trace", "abc").endStream());
    }

    @Test
    void badResponseIsRefusedAndTheStreamStillAwaitsItsResponse() {
        Scenario server = Scenario.server();
        server.receive(GET_1.endStream());

        assertRefused(() -> server.conn.sendHeaders(1, fields(":status", "200", "x-bad", "a\nb"), true),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.2.1");
        assertRefused(() -> server.conn.sendHeaders(1, fields("server", "h2j"), true),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.3.2");

        assertThat(server.conn.outboundSize()).isZero();
        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
        server.conn.sendHeaders(1, fields(":status", "200"), true);
        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200).endStream());
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void connectionSpecificFieldsToSendAreDroppedNotRefused() {
        Scenario client = Scenario.client();

        client.conn.sendHeaders(1, with(GET_1.fields(), "Connection", "close", "te", "gzip", "Accept", "*/*"), true);

        assertThat(client.sent()).containsExactly(GET_1.field("accept", "*/*").endStream());
    }

    // ---------------------------------------------------------------- content-length

    private static final TestFrame.Headers POST_1 = Frames.headers(1).request("POST", "https", "example.com", "/up");

    @Test
    void dataBeyondContentLengthIsAStreamError() {
        Scenario server = Scenario.server();
        assertThat(server.receive(POST_1.field("content-length", "3"))).hasSize(1);

        assertThat(server.receive(Frames.data(1, "hello"))).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.receive(GET_3.endStream())).hasSize(2);
    }

    @Test
    void dataShortOfContentLengthAtEndStreamIsAStreamError() {
        Scenario server = Scenario.server();
        server.receive(POST_1.field("content-length", "10"));

        assertThat(server.receive(Frames.data(1, "hello")).get(0)).isInstanceOf(DataReceived.class);
        assertThat(server.receive(Frames.data(1, "!").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
    }

    @Test
    void trailersBeforeAllTheContentLengthArrivedAreAStreamError() {
        Scenario server = Scenario.server();
        server.receive(POST_1.field("content-length", "10"), Frames.data(1, "hello"));

        assertThat(server.receive(Frames.headers(1).field("x-checksum", "abc").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
    }

    @Test
    void headersEndingTheStreamWithNonZeroContentLengthAreAStreamError() {
        Scenario server = Scenario.server();

        assertThat(server.receive(POST_1.field("content-length", "5").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
    }

    @Test
    void contentMatchingContentLengthIsAccepted() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(POST_1.field("content-length", "10"), Frames.data(1, "hello"),
                Frames.data(1, "world").padded(4), Frames.headers(1).field("x-checksum", "abc").endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, DataReceived.class, DataReceived.class,
                TrailersReceived.class, StreamEnded.class);
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void headResponseWithContentLengthAndNoDataIsFine() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, Frames.requestFields("HEAD", "https", "example.com", "/"), true);
        client.sent();

        List<Event> events = client.receive(Frames.headers(1).response(200).field("content-length", "1000")
                .endStream());

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void headResponseWithContentLengthMayEndWithAnEmptyDataFrame() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, Frames.requestFields("HEAD", "https", "example.com", "/"), true);
        client.sent();

        List<Event> events = client.receive(Frames.headers(1).response(200).field("content-length", "1000"),
                Frames.data(1, "").endStream());

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class, StreamEnded.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 304})
    void noContentStatusWithContentLengthAndNoDataIsFine(int status) {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        List<Event> events = client.receive(Frames.headers(1).response(status).field("content-length", "1000")
                .endStream());

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void getResponseShortOfContentLengthIsAStreamError() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        assertThat(client.receive(Frames.headers(1).response(200).field("content-length", "1000").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
    }

    // ---------------------------------------------------------------- header list size

    @Test
    void requestOverOurHeaderListSizeIsRefusedAndHpackStaysInStep() {
        H2Configuration config = H2Configuration.server()
                .withLimits(Limits.defaults().withMaxHeaderListSize(300));
        HpackEncoder peerEncoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        List<HeaderField> request = new ArrayList<>(Frames.requestFields("GET", "https", "example.com", "/"));
        request.add(HeaderField.of("x-trace", "abc123"));
        List<HeaderField> oversize = new ArrayList<>(request);
        oversize.add(HeaderField.of("x-large", "v".repeat(300)));
        byte[] first = peerEncoder.encode(oversize);
        byte[] second = peerEncoder.encode(request);
        Scenario server = Scenario.server(config);

        assertThat(second).hasSizeLessThan(Frames.headerBlock(request).length);
        // RFC 9113 §6.5.2, §5.1.2: the stream is refused before the application sees it.
        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 1, first)))
                .isEmpty();
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, REFUSED_STREAM));
        assertThat(server.conn.openInboundStreams()).isZero();
        List<Event> events = server.receive(
                Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3, second));
        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(((RequestReceived) events.get(0)).headers()).isEqualTo(request);
    }

    @Test
    void trailersOverOurHeaderListSizeResetTheStream() {
        H2Configuration config = H2Configuration.server()
                .withLimits(Limits.defaults().withMaxHeaderListSize(300));
        Scenario server = Scenario.server(config);
        server.receive(POST_1);

        assertThat(server.receive(Frames.headers(1).field("x-large", "v".repeat(300)).endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.receive(GET_3.endStream())).hasSize(2);
    }

    // ---------------------------------------------------------------- HPACK

    @Test
    void undecodableHeaderBlockIsAConnectionErrorCompressionError() {
        Scenario server = Scenario.server();
        server.receive(GET_1);

        // RFC 7541 §6.1: index 0 is not a table entry.
        H2Exception e = assertConnectionError(
                () -> server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS, 3, Frames.hex("80"))),
                CompressionException.class, COMPRESSION_ERROR, "RFC 9113 §4.3");

        assertThat(e.events()).isEmpty();
        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(1, COMPRESSION_ERROR));
        assertThat(server.receive(Frames.ping(1))).isEmpty();
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void eventsBeforeTheBadHeaderBlockSurviveTheConnectionError() {
        Scenario server = Scenario.server();

        H2Exception e = assertConnectionError(() -> server.receive(GET_1.endStream(),
                        Frames.raw(FrameType.HEADERS, Frames.END_HEADERS, 3, Frames.hex("80"))),
                CompressionException.class, COMPRESSION_ERROR, "RFC 9113 §4.3");

        assertThat(e.events()).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void validateInboundHeadersOffLetsMalformedFieldsThrough() {
        Scenario server = Scenario.server(H2Configuration.server().withValidateInboundHeaders(false));
        TestFrame.Headers request = GET_1.field("X-Upper", "v").field("connection", "close").field(":late", "x");

        List<Event> events = server.receive(request.endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(((RequestReceived) events.get(0)).headers()).isEqualTo(request.fields());
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void contentLengthThatIsNotANumberIsAStreamErrorEvenWithoutValidation() {
        Scenario server = Scenario.server(H2Configuration.server().withValidateInboundHeaders(false));

        // RFC 9113 §8.1.1: content that cannot be checked against content-length is malformed.
        assertThat(server.receive(POST_1.field("content-length", "ten"), Frames.data(1, "0123456789").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.receive(GET_3.endStream())).hasSize(2);
    }

    @Test
    void contentLengthIsCheckedEvenWithoutValidation() {
        Scenario server = Scenario.server(H2Configuration.server().withValidateInboundHeaders(false));
        server.receive(POST_1.field("content-length", "3"));

        assertThat(server.receive(Frames.data(1, "hello"))).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
    }

    @Test
    void validateOutboundHeadersOffSendsWhatWouldBeRefused() {
        Scenario client = Scenario.client(H2Configuration.client().withValidateOutboundHeaders(false));
        List<HeaderField> request = with(GET_1.fields().subList(0, 3), "accept", "*/*", ":path", "/");

        client.conn.sendHeaders(1, request, true);

        assertThat(client.sent()).containsExactly(new TestFrame.Headers(1, request, true, Optional.empty(), -1));
    }

    @Test
    void cookieCrumbsAreJoinedOnReceipt() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1.field("cookie", "a=b").field("accept", "*/*")
                .field("cookie", "c=d").field("cookie", "e=f").endStream());

        assertThat(((RequestReceived) events.get(0)).headers()).containsExactly(HeaderField.of(":method", "GET"),
                HeaderField.of(":scheme", "https"), HeaderField.of(":authority", "example.com"),
                HeaderField.of(":path", "/"), HeaderField.of("cookie", "a=b; c=d; e=f"),
                HeaderField.of("accept", "*/*"));
    }

    @Test
    void splitOutboundCookiesSendsOneFieldPerCrumb() {
        Scenario split = Scenario.client(H2Configuration.client().withSplitOutboundCookies(true));
        Scenario whole = Scenario.client();
        List<HeaderField> request = with(GET_1.fields(), "cookie", "session=0123456789abcdefghij; theme=dark");

        split.conn.sendHeaders(1, request, true);
        whole.conn.sendHeaders(1, request, true);

        assertThat(split.sent()).containsExactly(GET_1.field("cookie", "session=0123456789abcdefghij")
                .field("cookie", "theme=dark").endStream());
        assertThat(whole.sent()).containsExactly(GET_1.field("cookie", "session=0123456789abcdefghij; theme=dark")
                .endStream());
    }

    @Test
    void splitCookiesAreJoinedBackByTheReceivingServer() {
        H2Connection client = new H2Connection(H2Configuration.client().withSplitOutboundCookies(true));
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        String cookie = "session=0123456789abcdefghij; theme=dark; lang=en";
        client.sendHeaders(1, with(GET_1.fields(), "cookie", cookie), true);

        List<Event> events = server.receiveData(client.dataToSend());

        RequestReceived request = (RequestReceived) events.get(1);
        assertThat(Headers.all(request.headers(), "cookie")).containsExactly(cookie);
    }

    private static List<HeaderField> fields(String... namesAndValues) {
        return with(List.of(), namesAndValues);
    }

    private static List<HeaderField> with(List<HeaderField> fields, String... namesAndValues) {
        List<HeaderField> all = new ArrayList<>(fields);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            all.add(HeaderField.of(namesAndValues[i], namesAndValues[i + 1]));
        }
        return all;
    }
}

package dev.h2j;

import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trailers (RFC 9113 §8.1): a field block after the header section, and the content if any, that ends the
 * message, so its HEADERS frame carries END_STREAM; it has no pseudo-header fields. Both directions.
 */
class TrailersTest {

    private static final TestFrame.Headers POST_1 = Frames.headers(1).request("POST", "https", "example.com", "/up");
    private static final TestFrame.Headers TRAILERS_1 = Frames.headers(1).field("x-checksum", "abc");
    private static final List<HeaderField> TRAILERS = Headers.trailers().add("x-checksum", "abc").build();

    @Test
    void serverReceivesRequestTrailersThatEndTheStream() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(POST_1, Frames.data(1, "hello"), TRAILERS_1.endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, DataReceived.class,
                TrailersReceived.class, StreamEnded.class);
        TrailersReceived trailers = (TrailersReceived) events.get(2);
        assertThat(trailers.streamId()).isEqualTo(1);
        assertThat(trailers.headers()).isEqualTo(TRAILERS);
        assertThat(trailers.streamEnded()).contains(new StreamEnded(1));
        assertThat(server.sent()).isEmpty();
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void trailersMayFollowTheHeadersWithoutData() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(POST_1, TRAILERS_1.endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, TrailersReceived.class,
                StreamEnded.class);
    }

    @Test
    void clientSendsRequestTrailersToEndTheRequest() {
        Scenario client = Scenario.client();

        client.conn.sendHeaders(1, POST_1.fields(), false);
        client.conn.sendData(1, ascii("hello"), false);
        client.conn.sendHeaders(1, TRAILERS, true);

        assertThat(client.sent()).containsExactly(POST_1, Frames.data(1, "hello"), TRAILERS_1.endStream());
        assertRefused(() -> client.conn.sendData(1, ascii("more"), false), StreamClosedException.class,
                STREAM_CLOSED, "RFC 9113 §5.1");
        assertThat(client.receive(Frames.headers(1).response(204).endStream()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void clientReceivesResponseTrailers() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, Frames.requestFields("GET", "/"), true);

        List<Event> events = client.receive(Frames.headers(1).response(200), Frames.data(1, "body"),
                Frames.headers(1).field("grpc-status", "0").endStream());

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class,
                TrailersReceived.class, StreamEnded.class);
        assertThat(((TrailersReceived) events.get(2)).headers()).containsExactly(HeaderField.of("grpc-status", "0"));
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void serverSendsResponseTrailersToEndTheResponse() {
        Scenario server = Scenario.server();
        server.receive(POST_1.endStream());

        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        server.conn.sendData(1, ascii("hello"), false);
        server.conn.sendHeaders(1, TRAILERS, true);

        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200), Frames.data(1, "hello"),
                TRAILERS_1.endStream());
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void requestTrailersWithoutEndStreamAreAStreamError() {
        Scenario server = Scenario.server();
        server.receive(POST_1, Frames.data(1, "hello"));

        assertThat(server.receive(TRAILERS_1)).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.conn.openInboundStreams()).isZero();
        assertThat(server.receive(Frames.headers(3).request("GET", "/").endStream())).hasSize(2);
    }

    @Test
    void responseTrailersWithoutEndStreamAreAStreamError() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, Frames.requestFields("GET", "/"), true);
        client.sent();
        client.receive(Frames.headers(1).response(200), Frames.data(1, "body"));

        assertThat(client.receive(Frames.headers(1).field("grpc-status", "0")))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void trailersWithAPseudoHeaderFieldAreMalformed() {
        Scenario server = Scenario.server();
        server.receive(POST_1);

        assertThat(server.receive(Frames.headers(1).field(":path", "/").field("x-checksum", "abc").endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
    }

    @Test
    void headersAfterTheStreamEndedAreStreamClosed() {
        Scenario server = Scenario.server();
        server.receive(POST_1.endStream());

        // RFC 9113 §5.1: half-closed (remote) takes no more field blocks.
        assertThat(server.receive(TRAILERS_1.endStream())).containsExactly(new StreamReset(1, STREAM_CLOSED, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
    }

    @Test
    void trailersToSendWithoutEndStreamAreRefused() {
        Scenario server = Scenario.server();
        server.receive(POST_1.endStream());
        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        server.sent();

        assertRefused(() -> server.conn.sendHeaders(1, TRAILERS, false), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §8.1");

        assertThat(server.conn.outboundSize()).isZero();
        server.conn.sendHeaders(1, TRAILERS, true);
        assertThat(server.sent()).containsExactly(TRAILERS_1.endStream());
    }

    @Test
    void trailersToSendWithAPseudoHeaderFieldAreRefused() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, POST_1.fields(), false);
        client.sent();

        assertRefused(() -> client.conn.sendHeaders(1, List.of(HeaderField.of(":path", "/x")), true),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.1");

        assertThat(client.conn.outboundSize()).isZero();
        assertThat(client.conn.openOutboundStreams()).isEqualTo(1);
    }

    @Test
    void fieldsWithoutStatusBeforeTheResponseAreARefusedResponseNotTrailers() {
        Scenario server = Scenario.server();
        server.receive(POST_1.endStream());

        assertRefused(() -> server.conn.sendHeaders(1, TRAILERS, true), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §8.3.2");
        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void trailersCrossTheWireBothWays() {
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        client.sendHeaders(1, POST_1.fields(), false);
        client.sendData(1, ascii("ping"), false);
        client.sendHeaders(1, TRAILERS, true);

        List<Event> atServer = server.receiveData(client.dataToSend());
        server.sendHeaders(1, Headers.response(200).build(), false);
        server.sendData(1, ascii("pong"), false);
        server.sendHeaders(1, Headers.trailers().add("x-served-by", "h2j").build(), true);
        List<Event> atClient = client.receiveData(server.dataToSend());

        assertThat(atServer.subList(1, atServer.size())).hasExactlyElementsOfTypes(RequestReceived.class,
                DataReceived.class, TrailersReceived.class, StreamEnded.class);
        assertThat(((TrailersReceived) atServer.get(3)).headers()).isEqualTo(TRAILERS);
        assertThat(atClient.subList(2, atClient.size())).hasExactlyElementsOfTypes(ResponseReceived.class,
                DataReceived.class, TrailersReceived.class, StreamEnded.class);
        assertThat(((TrailersReceived) atClient.get(4)).headers())
                .containsExactly(HeaderField.of("x-served-by", "h2j"));
        assertThat(client.openOutboundStreams()).isZero();
        assertThat(server.openInboundStreams()).isZero();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}

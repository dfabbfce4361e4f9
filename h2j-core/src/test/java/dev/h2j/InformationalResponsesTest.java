package dev.h2j;

import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.InformationalResponseReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Informational (1xx) responses (RFC 9113 §8.1): zero or more precede the final response on a stream,
 * never follow it, and never end the stream; HTTP/2 has no 101 (§8.6).
 */
class InformationalResponsesTest {

    private static final List<HeaderField> EXPECT_CONTINUE = Headers.request("POST", "https", "example.com", "/up")
            .add("expect", "100-continue").build();
    private static final TestFrame.Headers CONTINUE_1 = Frames.headers(1).response(100);

    /** A client that sent a POST expecting 100-continue on stream 1, ended or not. */
    private static Scenario clientAwaitingResponse(boolean requestEnded) {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, EXPECT_CONTINUE, requestEnded);
        client.sent();
        return client;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void informationalThenFinalResponseThenData(boolean requestEnded) {
        Scenario client = clientAwaitingResponse(requestEnded);

        List<Event> events = client.receive(CONTINUE_1.field("server", "h2j"), Frames.headers(1).response(200),
                Frames.data(1, "done").endStream());

        assertThat(events).hasExactlyElementsOfTypes(InformationalResponseReceived.class, ResponseReceived.class,
                DataReceived.class, StreamEnded.class);
        InformationalResponseReceived interim = (InformationalResponseReceived) events.get(0);
        assertThat(interim.streamId()).isEqualTo(1);
        assertThat(interim.headers()).containsExactly(HeaderField.of(":status", "100"),
                HeaderField.of("server", "h2j"));
        assertThat(interim.priorityUpdated()).isEmpty();
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void severalInformationalResponsesMayPrecedeTheFinalOne() {
        Scenario client = clientAwaitingResponse(true);

        List<Event> events = client.receive(CONTINUE_1, Frames.headers(1).response(103).field("link", "</a.css>"),
                Frames.headers(1).response(200), Frames.headers(1).field("x-trailer", "t").endStream());

        assertThat(events).hasExactlyElementsOfTypes(InformationalResponseReceived.class,
                InformationalResponseReceived.class, ResponseReceived.class, TrailersReceived.class,
                StreamEnded.class);
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void informationalResponseAfterTheFinalResponseIsAStreamError() {
        Scenario client = clientAwaitingResponse(true);
        client.receive(Frames.headers(1).response(200));

        assertThat(client.receive(CONTINUE_1)).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void informationalResponseWithEndStreamIsMalformed(boolean requestEnded) {
        Scenario client = clientAwaitingResponse(requestEnded);

        assertThat(client.receive(CONTINUE_1.endStream())).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(client.conn.openOutboundStreams()).isZero();
        client.conn.sendHeaders(3, Frames.requestFields("GET", "/"), true);
        assertThat(client.receive(Frames.headers(3).response(200).endStream())).hasSize(2);
    }

    @Test
    void informationalResponseWithEndStreamIsAStreamErrorEvenWithoutValidation() {
        Scenario client = Scenario.client(H2Configuration.client().withValidateInboundHeaders(false));
        client.conn.sendHeaders(1, EXPECT_CONTINUE, true);
        client.sent();

        // RFC 9113 §8.1 is a rule of the stream's states, not of field validation: END_STREAM is never lost.
        assertThat(client.receive(CONTINUE_1.endStream())).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(client.conn.openOutboundStreams()).isZero();
    }

    @Test
    void switchingProtocolsDoesNotExistInHttp2() {
        Scenario client = clientAwaitingResponse(true);

        // RFC 9113 §8.6: 101 is malformed, where h2 reports it as an informational response.
        assertThat(client.receive(Frames.headers(1).response(101)))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
    }

    @Test
    void dataAfterAnInformationalResponseButBeforeTheFinalOneIsAStreamError() {
        Scenario client = clientAwaitingResponse(true);
        client.receive(CONTINUE_1);

        assertThat(client.receive(Frames.data(1, "early"))).containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
    }

    @Test
    void serverSendsContinueThenReadsTheBodyThenResponds() {
        Scenario server = Scenario.server();
        assertThat(server.receive(Frames.headers(1).request("POST", "/up").field("expect", "100-continue")))
                .hasExactlyElementsOfTypes(RequestReceived.class);

        server.conn.sendHeaders(1, Headers.response(100).build(), false);
        assertThat(server.sent()).containsExactly(CONTINUE_1);
        assertThat(server.receive(Frames.data(1, "body").endStream()))
                .hasExactlyElementsOfTypes(DataReceived.class, StreamEnded.class);
        server.conn.sendHeaders(1, Headers.response(201).build(), true);

        assertThat(server.sent()).containsExactly(Frames.headers(1).response(201).endStream());
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void serverMaySendSeveralInformationalResponses() {
        Scenario server = Scenario.server();
        server.receive(Frames.headers(1).request("GET", "/").endStream());

        server.conn.sendHeaders(1, Headers.response(100).build(), false);
        server.conn.sendHeaders(1, Headers.response(103).add("link", "</a.css>").build(), false);
        server.conn.sendHeaders(1, Headers.response(200).build(), true);

        assertThat(server.sent()).containsExactly(CONTINUE_1, Frames.headers(1).response(103).field("link", "</a.css>"),
                Frames.headers(1).response(200).endStream());
    }

    @Test
    void informationalResponseWithEndStreamIsRefused() {
        Scenario server = Scenario.server();
        server.receive(Frames.headers(1).request("GET", "/").endStream());

        assertRefused(() -> server.conn.sendHeaders(1, Headers.response(100).build(), true),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.1");

        assertThat(server.conn.outboundSize()).isZero();
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        assertThat(server.sent()).containsExactly(Frames.headers(1).response(200).endStream());
    }

    @Test
    void informationalResponseWithEndStreamIsRefusedEvenWithoutValidation() {
        Scenario server = Scenario.server(H2Configuration.server().withValidateOutboundHeaders(false));
        server.receive(Frames.headers(1).request("GET", "/").endStream());

        assertRefused(() -> server.conn.sendHeaders(1, Headers.response(100).build(), true),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.1");

        assertThat(server.conn.outboundSize()).isZero();
        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
    }

    @Test
    void informationalResponseAfterTheFinalResponseIsRefused() {
        Scenario server = Scenario.server();
        server.receive(Frames.headers(1).request("GET", "/").endStream());
        server.conn.sendHeaders(1, Headers.response(200).build(), false);
        server.sent();

        assertRefused(() -> server.conn.sendHeaders(1, Headers.response(100).build(), false),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.1");

        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void switchingProtocolsIsRefused() {
        Scenario server = Scenario.server();
        server.receive(Frames.headers(1).request("GET", "/").endStream());

        assertRefused(() -> server.conn.sendHeaders(1, Headers.response(101).build(), false),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.6");
    }

    @Test
    void expectContinueConversationInMemory() {
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        client.sendHeaders(1, EXPECT_CONTINUE, false);

        assertThat(server.receiveData(client.dataToSend()))
                .hasExactlyElementsOfTypes(RemoteSettingsChanged.class, RequestReceived.class);
        server.sendHeaders(1, Headers.response(100).build(), false);
        List<Event> atClient = client.receiveData(server.dataToSend());
        assertThat(atClient.get(atClient.size() - 1)).isInstanceOf(InformationalResponseReceived.class);
        client.sendData(1, ByteBuffer.wrap("body".getBytes(StandardCharsets.US_ASCII)), true);
        assertThat(server.receiveData(client.dataToSend()))
                .hasExactlyElementsOfTypes(SettingsAcknowledged.class, DataReceived.class,
                        StreamEnded.class);
        server.sendHeaders(1, Headers.response(204).build(), true);

        assertThat(client.receiveData(server.dataToSend()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
        assertThat(client.openOutboundStreams()).isZero();
        assertThat(server.openInboundStreams()).isZero();
    }
}

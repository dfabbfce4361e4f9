package dev.h2j;

import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.InformationalResponseReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.PrioritySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Related events (h2's "Advanced Usage"): the events one frame causes are linked from the main event
 * ({@code streamEnded()}, {@code priorityUpdated()}) and also follow it in the returned list, in the order
 * main event, StreamEnded, PriorityUpdated. PRIORITY frames touch no stream state (RFC 9113 §5.3.2).
 */
class RelatedEventsTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "https", "example.com", "/");
    private static final PriorityUpdated PRIORITY_1 = new PriorityUpdated(1, 16, 0, false);

    /** A client whose GET on stream 1 awaits its response. */
    private static Scenario clientAwaitingResponse() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();
        return client;
    }

    @Test
    void requestWithPriorityAndEndStreamLinksStreamEndedAndPriorityUpdated() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1.priority(0, 16, false).endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class, PriorityUpdated.class);
        RequestReceived request = (RequestReceived) events.get(0);
        assertThat(request.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(request.priorityUpdated()).containsSame((PriorityUpdated) events.get(2));
        assertThat(events.get(1)).isEqualTo(new StreamEnded(1));
        assertThat(events.get(2)).isEqualTo(PRIORITY_1);
    }

    @Test
    void relatedEventsOfAFieldBlockSplitOverContinuationComeWithItsLastFrame() {
        Scenario server = Scenario.server();

        assertThat(server.receive(GET_1.priority(0, 16, false).endStream().continuations(2).withoutEndHeaders()))
                .isEmpty();
        List<Event> events = server.receive(Frames.continuation(1).endHeaders());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class, PriorityUpdated.class);
        RequestReceived request = (RequestReceived) events.get(0);
        assertThat(request.headers()).isEqualTo(GET_1.fields());
        assertThat(request.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(request.priorityUpdated()).containsSame((PriorityUpdated) events.get(2));
    }

    @Test
    void requestWithPriorityOnlyLinksPriorityUpdated() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1.priority(3, 200, true));

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, PriorityUpdated.class);
        RequestReceived request = (RequestReceived) events.get(0);
        assertThat(request.streamEnded()).isEmpty();
        assertThat(request.priorityUpdated()).containsSame((PriorityUpdated) events.get(1));
        assertThat(events.get(1)).isEqualTo(new PriorityUpdated(1, 200, 3, true));
    }

    @Test
    void requestWithEndStreamOnlyLinksStreamEnded() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1.endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        RequestReceived request = (RequestReceived) events.get(0);
        assertThat(request.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(request.priorityUpdated()).isEmpty();
    }

    @Test
    void plainRequestLinksNothing() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1);

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class);
        RequestReceived request = (RequestReceived) events.get(0);
        assertThat(request.streamEnded()).isEmpty();
        assertThat(request.priorityUpdated()).isEmpty();
    }

    @Test
    void responseWithPriorityAndEndStreamLinksBoth() {
        Scenario client = clientAwaitingResponse();

        List<Event> events = client.receive(Frames.headers(1).response(200).priority(0, 16, false).endStream());

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class, PriorityUpdated.class);
        ResponseReceived response = (ResponseReceived) events.get(0);
        assertThat(response.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(response.priorityUpdated()).containsSame((PriorityUpdated) events.get(2));
        assertThat(events.get(2)).isEqualTo(PRIORITY_1);
    }

    @Test
    void plainResponseLinksNothing() {
        Scenario client = clientAwaitingResponse();

        List<Event> events = client.receive(Frames.headers(1).response(200));

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class);
        ResponseReceived response = (ResponseReceived) events.get(0);
        assertThat(response.streamEnded()).isEmpty();
        assertThat(response.priorityUpdated()).isEmpty();
    }

    @Test
    void trailersWithPriorityLinkBoth() {
        Scenario client = clientAwaitingResponse();
        client.receive(Frames.headers(1).response(200));

        List<Event> events = client.receive(Frames.headers(1).field("x-trailer", "t").priority(0, 16, false)
                .endStream());

        assertThat(events).hasExactlyElementsOfTypes(TrailersReceived.class, StreamEnded.class, PriorityUpdated.class);
        TrailersReceived trailers = (TrailersReceived) events.get(0);
        assertThat(trailers.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(trailers.priorityUpdated()).containsSame((PriorityUpdated) events.get(2));
    }

    @Test
    void trailersAlwaysLinkStreamEnded() {
        Scenario client = clientAwaitingResponse();
        client.receive(Frames.headers(1).response(200));

        List<Event> events = client.receive(Frames.headers(1).field("x-trailer", "t").endStream());

        assertThat(events).hasExactlyElementsOfTypes(TrailersReceived.class, StreamEnded.class);
        TrailersReceived trailers = (TrailersReceived) events.get(0);
        assertThat(trailers.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(trailers.priorityUpdated()).isEmpty();
    }

    @Test
    void informationalResponseWithPriorityLinksPriorityUpdatedOnly() {
        Scenario client = clientAwaitingResponse();

        List<Event> events = client.receive(Frames.headers(1).response(100).priority(0, 16, false));

        assertThat(events).hasExactlyElementsOfTypes(InformationalResponseReceived.class, PriorityUpdated.class);
        InformationalResponseReceived interim = (InformationalResponseReceived) events.get(0);
        assertThat(interim.priorityUpdated()).containsSame((PriorityUpdated) events.get(1));
        assertThat(events.get(1)).isEqualTo(PRIORITY_1);
    }

    @Test
    void plainInformationalResponseLinksNothing() {
        Scenario client = clientAwaitingResponse();

        List<Event> events = client.receive(Frames.headers(1).response(100));

        assertThat(events).hasExactlyElementsOfTypes(InformationalResponseReceived.class);
        assertThat(((InformationalResponseReceived) events.get(0)).priorityUpdated()).isEmpty();
    }

    @Test
    void dataWithEndStreamLinksStreamEnded() {
        Scenario client = clientAwaitingResponse();
        client.receive(Frames.headers(1).response(200));

        List<Event> events = client.receive(Frames.data(1, "body").endStream());

        assertThat(events).hasExactlyElementsOfTypes(DataReceived.class, StreamEnded.class);
        DataReceived data = (DataReceived) events.get(0);
        assertThat(data.streamEnded()).containsSame((StreamEnded) events.get(1));
        assertThat(events.get(1)).isEqualTo(new StreamEnded(1));
    }

    @Test
    void plainDataLinksNothing() {
        Scenario client = clientAwaitingResponse();
        client.receive(Frames.headers(1).response(200));

        List<Event> events = client.receive(Frames.data(1, "body"));

        assertThat(events).hasExactlyElementsOfTypes(DataReceived.class);
        assertThat(((DataReceived) events.get(0)).streamEnded()).isEmpty();
    }

    @Test
    void relatedEventsOfSeveralFramesInOneCallStayInFrameOrder() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1.priority(0, 16, false).endStream(),
                Frames.headers(3).request("POST", "/up"), Frames.data(3, "x").endStream());

        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class, PriorityUpdated.class,
                RequestReceived.class, DataReceived.class, StreamEnded.class);
        assertThat(((DataReceived) events.get(4)).streamEnded()).containsSame((StreamEnded) events.get(5));
    }

    // ---------------------------------------------------------------- PRIORITY frames

    @Test
    void priorityFrameGivesPriorityUpdatedAndCreatesNoStream() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(Frames.priority(3, 1, 32, true));

        assertThat(events).containsExactly(new PriorityUpdated(3, 32, 1, true));
        assertThat(server.conn.openInboundStreams()).isZero();
        assertThat(server.sent()).isEmpty();
        assertThat(server.receive(Frames.headers(3).request("GET", "/").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(server.conn.openInboundStreams()).isEqualTo(1);
    }

    @Test
    void priorityFrameForAHigherIdleStreamLeavesLowerStreamsIdle() {
        Scenario server = Scenario.server();

        assertThat(server.receive(Frames.priority(7, 0, 16, false)))
                .containsExactly(new PriorityUpdated(7, 16, 0, false));

        // RFC 9113 §5.1.1 closes lower idle streams when a stream is opened; PRIORITY opens none.
        assertThat(server.receive(Frames.headers(3).request("GET", "/").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(server.receive(Frames.headers(7).request("GET", "/").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void priorityFrameOnAnOpenStreamChangesNothingElse() {
        Scenario server = Scenario.server();
        server.receive(GET_1);

        assertThat(server.receive(Frames.priority(1, 0, 256, false)))
                .containsExactly(new PriorityUpdated(1, 256, 0, false));
        assertThat(server.receive(Frames.data(1, "x").endStream()))
                .hasExactlyElementsOfTypes(DataReceived.class, StreamEnded.class);
    }

    @Test
    void priorityFrameOnAClosedStreamIsAccepted() {
        Scenario server = Scenario.server();
        server.receive(GET_1.endStream());
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        server.sent();

        // RFC 9113 §5.1: PRIORITY may be received in any state.
        assertThat(server.receive(Frames.priority(1, 0, 16, false)))
                .containsExactly(new PriorityUpdated(1, 16, 0, false));
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void clientMaySendPriorityForAnyStream() {
        Scenario client = Scenario.client();

        client.conn.prioritize(5, new PrioritySpec(0, false, 16));

        assertThat(client.sent()).containsExactly(Frames.priority(5, 0, 16, false));
        assertThat(client.conn.openOutboundStreams()).isZero();
        assertThat(client.conn.nextAvailableStreamId()).isEqualTo(1);
    }

    @Test
    void priorityFrameMakingAStreamDependOnItselfIsAStreamError() {
        Scenario server = Scenario.server();
        server.receive(GET_1);

        // RFC 7540 §5.3.1: a stream cannot depend on itself.
        assertThat(server.receive(Frames.priority(1, 1, 16, false)))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.conn.openInboundStreams()).isZero();
    }

    @Test
    void headersMakingTheirStreamDependOnItselfAreAStreamError() {
        Scenario server = Scenario.server();

        assertThat(server.receive(GET_1.priority(1, 16, false).endStream()))
                .containsExactly(new StreamReset(1, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, PROTOCOL_ERROR));
        assertThat(server.conn.openInboundStreams()).isZero();
        assertThat(server.receive(Frames.headers(3).request("GET", "/").endStream())).hasSize(2);
    }

    @Test
    void sendingASelfDependencyIsRefused() {
        Scenario client = Scenario.client();

        assertRefused(() -> client.conn.prioritize(1, new PrioritySpec(1, false, 16)),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 7540 §5.3.1");
        assertRefused(() -> client.conn.sendHeaders(1, GET_1.fields(), true,
                new PrioritySpec(1, false, 16)), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 7540 §5.3.1");

        assertThat(client.conn.outboundSize()).isZero();
        assertThat(client.conn.openOutboundStreams()).isZero();
    }
}

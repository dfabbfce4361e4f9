package dev.h2j;

import static dev.h2j.H2Assertions.assertConnectionError;
import static dev.h2j.H2Assertions.assertRefused;
import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.REFUSED_STREAM;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static dev.h2j.frame.SettingId.ENABLE_PUSH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.Setting;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server push (RFC 9113 §8.4): a server promises a request on a client's open stream with PUSH_PROMISE
 * and answers it on the promised (even) stream; a client that enabled push sees the promise and the
 * pushed response; a promised request must be safe, cacheable and without content.
 */
class PushTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "https", "example.com", "/");
    private static final List<HeaderField> STYLE = Frames.requestFields("GET", "https", "example.com", "/style.css");
    private static final TestFrame.PushPromise PROMISE_2 = Frames.pushPromise(1, 2)
            .request("GET", "https", "example.com", "/style.css");

    /** A client that accepts push, with a GET on stream 1 awaiting its response. */
    private static Scenario pushingClient() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true));
        client.conn.sendHeaders(1, GET_1.fields(), true);
        assertThat(client.sent()).containsExactly(GET_1.endStream());
        return client;
    }

    /** A server whose client left push enabled, with a GET received on stream 1. */
    private static Scenario serverWithRequest(boolean requestEnded) {
        Scenario server = Scenario.server();
        server.receive(requestEnded ? GET_1.endStream() : GET_1);
        return server;
    }

    // ---------------------------------------------------------------- receiving pushes

    @Test
    void clientThatEnabledPushSeesThePromiseAndThePushedResponse() {
        Scenario client = pushingClient();

        List<Event> promised = client.receive(PROMISE_2);
        List<Event> pushed = client.receive(Frames.headers(2).response(200).field("content-type", "text/css"),
                Frames.data(2, "a{}").endStream());

        assertThat(promised).containsExactly(new PushedStreamReceived(2, 1, STYLE));
        assertThat(pushed).hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class, StreamEnded.class);
        assertThat(((ResponseReceived) pushed.get(0)).streamId()).isEqualTo(2);
        assertThat(pushed.get(2)).isEqualTo(new StreamEnded(2));
        assertThat(client.sent()).isEmpty();
        assertThat(client.conn.openInboundStreams()).isZero();
        // The parent stream still takes its own response.
        assertThat(client.receive(Frames.headers(1).response(200).endStream()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
    }

    @Test
    void clientAdvertisesWhetherItAcceptsPush() {
        H2Connection refusing = new H2Connection(H2Configuration.client());
        H2Connection accepting = new H2Connection(H2Configuration.client().withEnablePush(true));
        refusing.initiateConnection();
        accepting.initiateConnection();

        TestFrame.Settings refused = (TestFrame.Settings) Peer.readingFromClient().read(refusing.dataToSend()).get(0);
        TestFrame.Settings accepted = (TestFrame.Settings) Peer.readingFromClient().read(accepting.dataToSend()).get(0);

        assertThat(refused.settings()).contains(new Setting(ENABLE_PUSH, 0));
        assertThat(accepted.settings()).noneMatch(s -> s.id().equals(ENABLE_PUSH));
    }

    @Test
    void pushPromiseToAClientThatDisabledPushIsAConnectionError() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        assertConnectionError(() -> client.receive(PROMISE_2), UnsupportedFrameException.class, PROTOCOL_ERROR,
                "RFC 9113 §8.4");
        assertThat(TestFrame.withoutDebugData(client.sent())).containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void promisedRequestThatIsNotSafeResetsThePromisedStream() {
        Scenario client = pushingClient();

        List<Event> events = client.receive(Frames.pushPromise(1, 2).request("POST", "https", "example.com", "/x"));

        assertThat(events).containsExactly(new StreamReset(2, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(2, PROTOCOL_ERROR));
        // The pushed response crossing the reset is discarded; the parent stream goes on.
        assertThat(client.receive(Frames.headers(2).response(200).endStream())).isEmpty();
        assertThat(client.receive(Frames.headers(1).response(200).endStream()))
                .hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void malformedPromisedRequestResetsThePromisedStream() {
        Scenario client = pushingClient();

        assertThat(client.receive(Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/")
                .field("connection", "close"))).containsExactly(new StreamReset(2, PROTOCOL_ERROR, false));
        assertThat(client.sent()).containsExactly(Frames.rstStream(2, PROTOCOL_ERROR));
    }

    @Test
    void promisedRequestWithContentIsMalformed() {
        Scenario client = pushingClient();

        assertThat(client.receive(PROMISE_2.field("content-length", "10")))
                .containsExactly(new StreamReset(2, PROTOCOL_ERROR, false));
    }

    @Test
    void pushedResponseToAHeadRequestMayDeclareContentLengthWithoutData() {
        Scenario client = pushingClient();
        client.receive(Frames.pushPromise(1, 2).request("HEAD", "https", "example.com", "/big"));

        // RFC 9113 §8.1.1: a response to HEAD has no content, whatever its content-length says.
        List<Event> events = client.receive(Frames.headers(2).response(200).field("content-length", "1000")
                .endStream());

        assertThat(events).hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
        assertThat(client.sent()).isEmpty();
    }

    @Test
    void promiseOnAStreamTheClientResetIsCancelled() {
        Scenario client = pushingClient();
        client.conn.resetStream(1, CANCEL);
        client.sent();

        assertThat(client.receive(PROMISE_2)).isEmpty();
        assertThat(client.sent()).containsExactly(Frames.rstStream(2, CANCEL));
    }

    @Test
    void promisedStreamIdThatIsNotNewIsAConnectionError() {
        Scenario client = pushingClient();
        client.receive(Frames.pushPromise(1, 4).request("GET", "/a"));

        assertConnectionError(() -> client.receive(Frames.pushPromise(1, 2).request("GET", "/b")),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §5.1.1");
        assertThat(TestFrame.withoutDebugData(client.sent())).containsExactly(Frames.goAway(4, PROTOCOL_ERROR));
    }

    @Test
    void pushPromiseReceivedByAServerIsAConnectionError() {
        Scenario server = serverWithRequest(false);

        assertConnectionError(() -> server.receive(Frames.pushPromise(1, 3).request("GET", "/")),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.4");
        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(1, PROTOCOL_ERROR));
    }

    @Test
    void clientMayResetAPromisedStream() {
        Scenario client = pushingClient();
        client.receive(PROMISE_2);

        client.conn.resetStream(2, CANCEL);

        assertThat(client.sent()).containsExactly(Frames.rstStream(2, CANCEL));
        assertThat(client.receive(Frames.headers(2).response(200), Frames.data(2, "late").endStream())).isEmpty();
    }

    // ---------------------------------------------------------------- sending pushes

    @Test
    void serverPushSendsPushPromiseThenTheResponseOnThePromisedStream() {
        Scenario server = serverWithRequest(true);

        int promised = server.conn.nextAvailableStreamId();
        server.conn.pushStream(1, promised, STYLE);
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        server.conn.sendHeaders(promised, Headers.response(200).add("content-type", "text/css").build(), false);
        server.conn.sendData(promised, ByteBuffer.wrap("a{}".getBytes(StandardCharsets.US_ASCII)), true);

        assertThat(promised).isEqualTo(2);
        assertThat(server.sent()).containsExactly(PROMISE_2, Frames.headers(1).response(200).endStream(),
                Frames.headers(2).response(200).field("content-type", "text/css"), Frames.data(2, "a{}").endStream());
        assertThat(server.conn.nextAvailableStreamId()).isEqualTo(4);
        assertThat(server.conn.openInboundStreams()).isZero();
        assertThat(server.conn.openOutboundStreams()).isZero();
    }

    @Test
    void promisedStreamCountsAsOpenOnlyOnceItsResponseStarts() {
        Scenario server = serverWithRequest(true);

        server.conn.pushStream(1, 2, STYLE);
        assertThat(server.conn.openOutboundStreams()).isZero();
        server.conn.sendHeaders(2, Headers.response(200).build(), false);

        // RFC 9113 §5.1.2: reserved streams do not count; half-closed (remote) does.
        assertThat(server.conn.openOutboundStreams()).isEqualTo(1);
    }

    @Test
    void pushIsRefusedWhenTheClientDisabledIt() {
        Scenario server = Scenario.server(H2Configuration.server(), Frames.settings().with(ENABLE_PUSH, 0));
        server.receive(GET_1.endStream());

        assertRefused(() -> server.conn.pushStream(1, 2, STYLE), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §8.4");

        assertThat(server.conn.outboundSize()).isZero();
        assertThat(server.conn.nextAvailableStreamId()).isEqualTo(2);
    }

    @Test
    void pushOnAClosedParentIsRefused() {
        Scenario server = serverWithRequest(true);
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        server.sent();

        assertRefused(() -> server.conn.pushStream(1, 2, STYLE), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
        assertThat(server.conn.outboundSize()).isZero();
        assertThat(server.conn.nextAvailableStreamId()).isEqualTo(2);
    }

    @Test
    void pushAfterTheResponseEndedIsRefused() {
        Scenario server = serverWithRequest(false);
        server.conn.sendHeaders(1, Headers.response(200).build(), true);
        server.sent();

        // Half-closed (local): the client's request is still arriving, but PUSH_PROMISE is a frame we send.
        assertRefused(() -> server.conn.pushStream(1, 2, STYLE), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void pushOnAnIdleParentIsRefused() {
        Scenario server = Scenario.server();

        assertRefused(() -> server.conn.pushStream(1, 2, STYLE), NoSuchStreamException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1");
    }

    @Test
    void promisedRequestThatIsNotSafeIsRefused() {
        Scenario server = serverWithRequest(true);

        assertRefused(() -> server.conn.pushStream(1, 2, Frames.requestFields("POST", "https", "example.com", "/x")),
                H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §8.4");

        assertThat(server.conn.outboundSize()).isZero();
        assertThat(server.conn.nextAvailableStreamId()).isEqualTo(2);
        server.conn.pushStream(1, 2, STYLE);
        assertThat(server.sent()).containsExactly(PROMISE_2);
    }

    @Test
    void promisedStreamIdMustBeANewServerStreamId() {
        Scenario server = serverWithRequest(true);
        server.conn.pushStream(1, 2, STYLE);

        assertRefused(() -> server.conn.pushStream(1, 2, STYLE), StreamIdTooLowException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1.1");
        assertRefused(() -> server.conn.pushStream(1, 5, STYLE), StreamIdTooLowException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1.1");
        assertThat(server.sent()).containsExactly(PROMISE_2);
    }

    @Test
    void clientCannotPush() {
        Scenario client = pushingClient();

        assertRefused(() -> client.conn.pushStream(1, 3, STYLE), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §8.4");
        assertThat(client.conn.outboundSize()).isZero();
    }

    @Test
    void clientResetOfAPromisedStreamEndsIt() {
        Scenario server = serverWithRequest(true);
        server.conn.pushStream(1, 2, STYLE);
        server.sent();

        List<Event> events = server.receive(Frames.rstStream(2, CANCEL));

        assertThat(events).containsExactly(new StreamReset(2, CANCEL, true));
        assertRefused(() -> server.conn.sendData(2, ByteBuffer.allocate(0), true), StreamClosedException.class,
                STREAM_CLOSED, "RFC 9113 §5.1");
        assertThat(server.conn.outboundSize()).isZero();
    }

    @Test
    void pushAfterGoAwayIsRefusedWithRefusedStream() {
        Scenario server = serverWithRequest(true);
        server.receive(Frames.goAway(1, NO_ERROR));

        assertRefused(() -> server.conn.pushStream(1, 2, STYLE), H2ProtocolException.class, REFUSED_STREAM,
                "RFC 9113 §6.8");
    }

    @Test
    void pushCrossesTheWireInMemory() {
        H2Connection client = new H2Connection(H2Configuration.client().withEnablePush(true));
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        client.sendHeaders(1, GET_1.fields(), true);
        List<Event> atServer = server.receiveData(client.dataToSend());
        assertThat(atServer.get(1)).isInstanceOf(RequestReceived.class);

        server.pushStream(1, 2, STYLE);
        server.sendHeaders(1, Headers.response(200).build(), true);
        server.sendHeaders(2, Headers.response(200).build(), false);
        server.sendData(2, ByteBuffer.wrap("a{}".getBytes(StandardCharsets.US_ASCII)), true);
        List<Event> atClient = client.receiveData(server.dataToSend());

        assertThat(atClient.subList(2, atClient.size())).hasExactlyElementsOfTypes(PushedStreamReceived.class,
                ResponseReceived.class, StreamEnded.class, ResponseReceived.class, DataReceived.class,
                StreamEnded.class);
        assertThat(atClient.get(2)).isEqualTo(new PushedStreamReceived(2, 1, STYLE));
        assertThat(((ResponseReceived) atClient.get(5)).streamId()).isEqualTo(2);
        assertThat(client.openInboundStreams()).isZero();
        assertThat(client.openOutboundStreams()).isZero();
    }
}

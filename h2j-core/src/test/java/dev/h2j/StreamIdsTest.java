package dev.h2j;

import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.Event;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Stream identifiers (RFC 9113 §5.1.1): clients odd, servers even, only increasing; ids skipped over
 * are closed; and the open-stream counts of RFC 9113 §5.1.2 through open, half-closed, reserved and
 * closed, whether a stream ends or is reset.
 */
class StreamIdsTest {

    private static final int MAX_STREAM_ID = 0x7fffffff;

    private final H2Connection client = new H2Connection(H2Configuration.client().withEnablePush(true));
    private final H2Connection server = new H2Connection(H2Configuration.server());

    private static List<HeaderField> get(String path) {
        return Headers.request("GET", "https", "example.com", path).build();
    }

    private static List<HeaderField> post(String path) {
        return Headers.request("POST", "https", "example.com", path).build();
    }

    private static List<HeaderField> ok() {
        return Headers.response(200).build();
    }

    /** Moves everything {@code from} queued into {@code to}, returning what {@code to} reports. */
    private static List<Event> deliver(H2Connection from, H2Connection to) {
        return to.receiveData(from.dataToSend());
    }

    private void handshake() {
        client.initiateConnection();
        server.initiateConnection();
        deliver(client, server);
        deliver(server, client);
        deliver(client, server);
    }

    // ---------------------------------------------------------------- the next id

    @Test
    void clientStreamIdsAreOddAndIncreaseByTwo() {
        client.initiateConnection();

        assertThat(client.nextAvailableStreamId()).isEqualTo(1);
        // Asking does not reserve the id.
        assertThat(client.nextAvailableStreamId()).isEqualTo(1);
        client.sendHeaders(1, get("/a"), true);
        assertThat(client.nextAvailableStreamId()).isEqualTo(3);
        client.sendHeaders(3, get("/b"), true);
        assertThat(client.nextAvailableStreamId()).isEqualTo(5);
    }

    @Test
    void serverPromisedStreamIdsAreEvenAndIncreaseByTwo() {
        handshake();
        client.sendHeaders(1, get("/"), true);
        deliver(client, server);

        assertThat(server.nextAvailableStreamId()).isEqualTo(2);
        server.pushStream(1, 2, get("/style.css"));
        assertThat(server.nextAvailableStreamId()).isEqualTo(4);
        server.pushStream(1, 4, get("/script.js"));
        assertThat(server.nextAvailableStreamId()).isEqualTo(6);
        List<Event> events = deliver(server, client);
        assertThat(events).hasExactlyElementsOfTypes(PushedStreamReceived.class, PushedStreamReceived.class);
    }

    @Test
    void afterStreamTwoToTheThirtyOneMinusOneNoIdIsLeft() {
        client.initiateConnection();
        client.sendHeaders(MAX_STREAM_ID, get("/last"), true);

        assertThatThrownBy(client::nextAvailableStreamId).isInstanceOfSatisfying(NoAvailableStreamIdException.class,
                e -> {
                    assertThat(e.scope()).isEqualTo(ErrorScope.CALLER);
                    assertThat(e.errorCode()).isEqualTo(PROTOCOL_ERROR);
                    assertThat(e.getMessage()).contains("RFC 9113 §5.1.1", "open a new connection");
                });
    }

    @Test
    void afterTheLastClientIdNoLowerIdOpensAgainAndOldStreamsStayClosed() {
        handshake();
        client.sendHeaders(1, get("/"), true);
        deliver(client, server);
        server.sendHeaders(1, ok(), true);
        deliver(server, client);
        client.sendHeaders(MAX_STREAM_ID, get("/last"), true);
        int queued = client.outboundSize();

        // RFC 9113 §5.1.1: stream identifiers cannot be reused, even once the last one is spent.
        assertRefused(client, () -> client.sendHeaders(3, get("/again"), true), NoAvailableStreamIdException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1.1");
        assertThat(client.openOutboundStreams()).isEqualTo(1);
        assertThat(client.outboundSize()).isEqualTo(queued);
        // Stream 1 is still closed, not idle: a late frame on it is a stream error, not a connection error.
        assertRefused(client, () -> client.localFlowControlWindow(1), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
        assertThat(client.receiveData(Frames.data(1, "late").buffer())).isEmpty();
    }

    @Test
    void afterTheLastServerIdNoLowerIdIsPromisedAgain() {
        handshake();
        client.sendHeaders(1, get("/"), false);
        deliver(client, server);
        server.pushStream(1, MAX_STREAM_ID - 1, get("/last"));

        assertRefused(server, () -> server.pushStream(1, 4, get("/again")), NoAvailableStreamIdException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1.1");
        assertRefused(server, server::nextAvailableStreamId, NoAvailableStreamIdException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1.1");
    }

    // ---------------------------------------------------------------- ids only increase

    @Test
    void sendHeadersBelowTheNextIdIsStreamIdTooLowAndChangesNothing() {
        client.initiateConnection();
        client.sendHeaders(5, get("/"), true);
        int queued = client.outboundSize();

        for (int lower : new int[] {1, 3}) {
            assertRefused(client, () -> client.sendHeaders(lower, get("/late"), true), StreamIdTooLowException.class,
                    PROTOCOL_ERROR, "RFC 9113 §5.1.1");
        }
        assertThat(client.outboundSize()).isEqualTo(queued);
        assertThat(client.nextAvailableStreamId()).isEqualTo(7);
        assertThat(client.openOutboundStreams()).isEqualTo(1);
    }

    @Test
    void pushStreamBelowTheNextIdOrOddIsStreamIdTooLow() {
        handshake();
        client.sendHeaders(1, get("/"), false);
        deliver(client, server);
        server.pushStream(1, 4, get("/a"));
        server.dataToSend();

        assertRefused(server, () -> server.pushStream(1, 2, get("/b")), StreamIdTooLowException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1.1");
        assertRefused(server, () -> server.pushStream(1, 7, get("/b")), StreamIdTooLowException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1.1");
        assertThat(server.nextAvailableStreamId()).isEqualTo(6);
    }

    @Test
    void clientCannotOpenAnEvenStream() {
        client.initiateConnection();
        client.dataToSend();

        // Even ids belong to the server: stream 2 is the server's idle stream, nothing the client can use.
        assertRefused(client, () -> client.sendHeaders(2, get("/"), true), NoSuchStreamException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1");
        assertThat(client.nextAvailableStreamId()).isEqualTo(1);
    }

    @Test
    void serverCannotOpenAStreamWithHeaders() {
        handshake();

        assertRefused(server, () -> server.sendHeaders(2, get("/"), true), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §8.1");
        // An odd id the client has not opened is idle: there is nothing to answer.
        assertRefused(server, () -> server.sendHeaders(1, ok(), true), NoSuchStreamException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1");
    }

    @Test
    void streamZeroIsNeverAStream() {
        handshake();

        assertRefused(client, () -> client.sendHeaders(0, get("/"), true), NoSuchStreamException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1");
        assertRefused(server, () -> server.sendHeaders(0, ok(), true), NoSuchStreamException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1");
    }

    // ---------------------------------------------------------------- skipped ids close (RFC 9113 §5.1.1)

    @Test
    void streamsAClientSkipsOverAreClosedOnBothSides() {
        handshake();
        client.sendHeaders(5, post("/"), false);
        assertThat(deliver(client, server)).hasExactlyElementsOfTypes(RequestReceived.class);

        // Streams 1 and 3 went from idle to closed when 5 opened: closed, not idle, on both sides.
        for (int skipped : new int[] {1, 3}) {
            assertRefused(client, () -> client.localFlowControlWindow(skipped), StreamClosedException.class,
                    STREAM_CLOSED, "RFC 9113 §5.1");
            assertRefused(server, () -> server.localFlowControlWindow(skipped), StreamClosedException.class,
                    STREAM_CLOSED, "RFC 9113 §5.1");
        }
        assertRefused(client, () -> client.localFlowControlWindow(7), NoSuchStreamException.class, PROTOCOL_ERROR,
                "idle");
        // DATA on a skipped stream is a frame on a closed stream, not on an idle one: the connection lives.
        assertThat(server.receiveData(Frames.data(3, "x").buffer())).isEmpty();
        assertThat(Peer.readingFromServer().read(server.dataToSend()))
                .containsExactly(Frames.rstStream(3, STREAM_CLOSED));
    }

    @Test
    void streamsAServerSkipsOverAreClosedOnBothSides() {
        handshake();
        client.sendHeaders(1, get("/"), true);
        deliver(client, server);
        server.pushStream(1, 4, get("/a"));
        assertThat(deliver(server, client)).hasExactlyElementsOfTypes(PushedStreamReceived.class);

        assertRefused(server, () -> server.localFlowControlWindow(2), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
        assertRefused(client, () -> client.localFlowControlWindow(2), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
        assertRefused(server, () -> server.pushStream(1, 2, get("/b")), StreamIdTooLowException.class,
                PROTOCOL_ERROR, "RFC 9113 §5.1.1");
    }

    // ---------------------------------------------------------------- open stream counts (RFC 9113 §5.1.2)

    @Test
    void openStreamCountsFollowOpenHalfClosedReservedAndClosed() {
        handshake();
        assertCounts(0, 0, 0, 0);

        client.sendHeaders(1, post("/upload"), false);
        assertCounts(1, 0, 0, 0);
        deliver(client, server);
        assertCounts(1, 0, 0, 1); // open on both sides

        client.sendHeaders(3, get("/"), true);
        deliver(client, server);
        assertCounts(2, 0, 0, 2); // half-closed (local) at the client, half-closed (remote) at the server

        server.pushStream(1, 2, get("/style.css"));
        deliver(server, client);
        assertCounts(2, 0, 0, 2); // reserved streams do not count

        server.sendHeaders(2, ok(), false);
        deliver(server, client);
        assertCounts(2, 1, 1, 2); // the pushed response half-closes stream 2

        server.sendHeaders(3, ok(), true);
        assertCounts(2, 1, 1, 1);
        deliver(server, client);
        assertCounts(1, 1, 1, 1); // stream 3 ended both ways

        client.resetStream(1, CANCEL);
        assertCounts(0, 1, 1, 1);
        assertThat(deliver(client, server)).containsExactly(new StreamReset(1, CANCEL, true));
        assertCounts(0, 1, 1, 0);

        server.sendData(2, ByteBuffer.wrap("body".getBytes(StandardCharsets.US_ASCII)), true);
        deliver(server, client);
        assertCounts(0, 0, 0, 0);
    }

    private void assertCounts(int clientOutbound, int clientInbound, int serverOutbound, int serverInbound) {
        assertThat(new int[] {client.openOutboundStreams(), client.openInboundStreams(), server.openOutboundStreams(),
                server.openInboundStreams()})
                .as("client out/in, server out/in")
                .containsExactly(clientOutbound, clientInbound, serverOutbound, serverInbound);
    }

    @Test
    void rstStreamSentClosesTheStreamAndUsesUpItsId() {
        handshake();
        client.sendHeaders(1, post("/"), false);
        deliver(client, server);

        client.resetStream(1, CANCEL);

        assertThat(client.openOutboundStreams()).isZero();
        assertThat(client.nextAvailableStreamId()).isEqualTo(3);
        assertRefused(client, () -> client.sendData(1, ByteBuffer.allocate(1), true), StreamClosedException.class,
                STREAM_CLOSED, "RFC 9113 §5.1");
        assertThat(deliver(client, server)).containsExactly(new StreamReset(1, CANCEL, true));
        assertThat(server.openInboundStreams()).isZero();
        assertRefused(server, () -> server.sendHeaders(1, ok(), true), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
    }

    @Test
    void rstStreamReceivedClosesTheStreamAndLaterStreamsStillOpen() {
        handshake();
        client.sendHeaders(1, get("/"), true);
        deliver(client, server);

        server.resetStream(1, ErrorCode.REFUSED_STREAM);
        assertThat(server.openInboundStreams()).isZero();

        assertThat(deliver(server, client)).containsExactly(new StreamReset(1, ErrorCode.REFUSED_STREAM, true));
        assertThat(client.openOutboundStreams()).isZero();
        assertRefused(client, () -> client.resetStream(1, CANCEL), StreamClosedException.class, STREAM_CLOSED,
                "RFC 9113 §5.1");
        // RFC 9113 §8.7: a refused request may be retried, on a new id.
        client.sendHeaders(client.nextAvailableStreamId(), get("/"), true);
        assertThat(deliver(client, server)).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class)
                .first().extracting("streamId").isEqualTo(3);
        server.sendHeaders(3, ok(), true);
        assertThat(deliver(server, client)).hasExactlyElementsOfTypes(ResponseReceived.class, StreamEnded.class);
    }

    private static void assertRefused(H2Connection conn, ThrowingCallable call, Class<? extends H2Exception> type,
            ErrorCode code, String rule) {
        int queued = conn.outboundSize();
        assertThatThrownBy(call).isExactlyInstanceOf(type).isInstanceOfSatisfying(H2Exception.class, e -> {
            assertThat(e.scope()).isEqualTo(ErrorScope.CALLER);
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(rule);
        });
        assertThat(conn.outboundSize()).isEqualTo(queued);
    }
}

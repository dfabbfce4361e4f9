package dev.h2j;

import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.Event;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.FrameType;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HuffmanPolicy;
import dev.h2j.hpack.IndexingPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames on closed streams (RFC 9113 §5.1 "closed", §5.4.2, §6.4): what a stream we reset discards
 * quietly, what a stream closed by END_STREAM both ways answers with RST_STREAM STREAM_CLOSED, and that
 * closed streams cost nothing however many there were (python-hyper/h2#1175).
 */
class ClosedStreamsTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "https", "example.com", "/");
    private static final TestFrame.Headers POST_1 = Frames.headers(1).request("POST", "https", "example.com", "/");
    private static final List<HeaderField> RESPONSE = Headers.response(200).build();

    private final H2Connection server = new H2Connection(H2Configuration.server());
    private final Peer client = Peer.readingFromServer();

    /** The server after the preface both ways: its SETTINGS acknowledged, the peer's applied. */
    private void handshake() {
        server.initiateConnection();
        server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings(), Frames.settingsAck()));
        assertThat(client.read(server.dataToSend())).hasSize(2);
    }

    private List<Event> receive(Wire... frames) {
        return server.receiveData(Frames.concat(frames));
    }

    private List<TestFrame> sent() {
        return client.read(server.dataToSend());
    }

    // ---------------------------------------------------------------- a stream we reset

    static Stream<Named<TestFrame>> framesThePeerMayHaveSentBeforeOurReset() {
        return Stream.of(
                Named.of("DATA", Frames.data(1, "body")),
                Named.of("DATA with END_STREAM", Frames.data(1, "body").endStream()),
                Named.of("trailers", Frames.headers(1).field("x-checksum", "abc").endStream()),
                Named.of("trailers over CONTINUATION", Frames.headers(1).field("x-checksum", "abc").endStream()
                        .continuations(2)),
                Named.of("WINDOW_UPDATE", Frames.windowUpdate(1, 100)),
                Named.of("RST_STREAM", Frames.rstStream(1, CANCEL)));
    }

    @ParameterizedTest
    @MethodSource("framesThePeerMayHaveSentBeforeOurReset")
    void frameThatCrossedOurRstStreamIsDiscardedSilently(TestFrame late) {
        handshake();
        receive(POST_1);
        server.resetStream(1, CANCEL);
        assertThat(sent()).containsExactly(Frames.rstStream(1, CANCEL));

        List<Event> events = receive(late, late);

        // RFC 9113 §5.1: frames that crossed our RST_STREAM are processed minimally and discarded.
        assertThat(events).isEmpty();
        assertThat(sent()).isEmpty();
        assertThat(receive(Frames.headers(3).request("GET", "https", "example.com", "/next").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
    }

    @Test
    void headersOnAStreamWeResetStillUpdateTheHpackTable() {
        handshake();
        // A stateful encoder, as a real client has: its second block refers to the first one's entry.
        HpackEncoder encoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).huffman(HuffmanPolicy.NEVER)
                .build();
        receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS, 1,
                encoder.encode(Frames.requestFields("POST", "https", "example.com", "/upload"))));
        server.resetStream(1, CANCEL);
        sent();
        HeaderField session = HeaderField.of("x-session", "a1b2c3");
        byte[] trailers = encoder.encode(List.of(session));
        List<HeaderField> next = new ArrayList<>(Frames.requestFields("GET", "https", "example.com", "/next"));
        next.add(session);
        byte[] request = encoder.encode(next);
        // RFC 7541 §6.1: the request names x-session by its dynamic table index, not by its value.
        assertThat(new String(request, StandardCharsets.ISO_8859_1)).doesNotContain("a1b2c3");

        List<Event> discarded = receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 1,
                trailers));
        List<Event> events = receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3,
                request));

        // RFC 9113 §5.1: discarding a field block still means decoding it, so later blocks decode right.
        assertThat(discarded).isEmpty();
        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(((RequestReceived) events.get(0)).headers()).containsExactlyElementsOf(next);
        assertThat(sent()).isEmpty();
    }

    @Test
    void dataOnAStreamWeResetCountsTowardTheConnectionWindowAndIsGivenBack() {
        handshake();
        receive(POST_1, Frames.headers(3).request("POST", "https", "example.com", "/other"));
        server.resetStream(1, CANCEL);
        sent();

        receive(Frames.dataOfLength(1, 16_384));

        // RFC 9113 §5.1: the content of discarded DATA frames counts toward the connection window...
        assertThat(server.remoteFlowControlWindow(3)).isEqualTo(65_535 - 16_384);
        assertThat(sent()).isEmpty();

        receive(Frames.dataOfLength(1, 16_384));

        // ...and, since the application never sees it, goes back at once (coalesced like any other).
        assertThat(sent()).containsExactly(Frames.windowUpdate(0, 32_768));
        assertThat(server.remoteFlowControlWindow(3)).isEqualTo(65_535);
    }

    @Test
    void afterOurStreamErrorOnlyTheFirstOffendingFrameIsAnswered() {
        handshake();
        receive(GET_1.endStream());

        // DATA on half-closed (remote) is a stream error STREAM_CLOSED (RFC 9113 §5.1)...
        List<Event> events = receive(Frames.data(1, "late"), Frames.data(1, "late"), Frames.data(1, "late"));

        // ...answered once: the RST_STREAM we sent makes the rest frames that crossed it (RFC 9113 §5.4.2).
        assertThat(events).containsExactly(new StreamReset(1, STREAM_CLOSED, false));
        assertThat(sent()).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
    }

    @Test
    void pushPromiseOnAStreamWeResetStillReservesThePromisedStreamWhichWeCancel() {
        H2Connection pushClient = new H2Connection(H2Configuration.client().withEnablePush(true));
        pushClient.initiateConnection();
        pushClient.receiveData(Frames.concat(Frames.settings(), Frames.settingsAck()));
        pushClient.sendHeaders(1, Frames.requestFields("GET", "https", "example.com", "/"), true);
        pushClient.resetStream(1, CANCEL);
        Peer fromClient = Peer.readingFromClient();
        fromClient.read(pushClient.dataToSend());

        List<Event> events = pushClient.receiveData(Frames.concat(
                Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/style.css"),
                Frames.headers(2).response(200)));

        // RFC 9113 §5.1: a PUSH_PROMISE on a closed stream still reserves the promised stream.
        assertThat(events).noneMatch(e -> e instanceof PushedStreamReceived);
        assertThat(fromClient.read(pushClient.dataToSend())).containsExactly(Frames.rstStream(2, CANCEL));
        assertThat(pushClient.openInboundStreams()).isZero();
    }

    // ---------------------------------------------------------------- a stream closed by END_STREAM both ways

    /** Stream 1 closed normally: the request and the response both carried END_STREAM. */
    private void closeStreamOneNormally() {
        handshake();
        receive(GET_1.endStream());
        server.sendHeaders(1, RESPONSE, true);
        assertThat(sent()).containsExactly(Frames.headers(1).response(200).endStream());
        assertThat(server.openInboundStreams()).isZero();
    }

    @Test
    void windowUpdateAndRstStreamOnANormallyClosedStreamAreIgnored() {
        closeStreamOneNormally();

        // RFC 9113 §5.1: WINDOW_UPDATE or RST_STREAM may cross the END_STREAM that closed the stream.
        assertThat(receive(Frames.windowUpdate(1, 1))).isEmpty();
        assertThat(receive(Frames.rstStream(1, CANCEL))).isEmpty();
        assertThat(receive(Frames.windowUpdate(1, 1), Frames.rstStream(1, CANCEL))).isEmpty();
        assertThat(sent()).isEmpty();
    }

    static Stream<Named<TestFrame>> framesThatCannotFollowEndStream() {
        return Stream.of(
                Named.of("DATA", Frames.data(1, "late")),
                Named.of("DATA with END_STREAM", Frames.data(1, "late").endStream()),
                Named.of("HEADERS", Frames.headers(1).field("x-late", "1")),
                Named.of("HEADERS with END_STREAM", Frames.headers(1).field("x-late", "1").endStream()),
                Named.of("a whole new request", GET_1.endStream()));
    }

    @ParameterizedTest
    @MethodSource("framesThatCannotFollowEndStream")
    void dataOrHeadersOnANormallyClosedStreamIsAStreamErrorStreamClosed(TestFrame late) {
        closeStreamOneNormally();

        List<Event> events = receive(late);

        // RFC 9113 §5.1: a stream error STREAM_CLOSED; the stream has no state left to report in an event.
        assertThat(events).isEmpty();
        assertThat(sent()).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
        assertThat(receive(Frames.headers(3).request("GET", "https", "example.com", "/next").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
    }

    @Test
    void clientAnswersDataOnItsNormallyClosedStreamWithStreamClosed() {
        H2Connection h2client = new H2Connection(H2Configuration.client());
        h2client.initiateConnection();
        h2client.receiveData(Frames.concat(Frames.settings(), Frames.settingsAck()));
        h2client.sendHeaders(1, Frames.requestFields("GET", "https", "example.com", "/"), true);
        h2client.receiveData(Frames.headers(1).response(204).endStream().buffer());
        assertThat(h2client.openOutboundStreams()).isZero();
        Peer fromClient = Peer.readingFromClient();
        fromClient.read(h2client.dataToSend());

        assertThat(h2client.receiveData(Frames.concat(Frames.data(1, "late"), Frames.windowUpdate(1, 5)))).isEmpty();
        assertThat(fromClient.read(h2client.dataToSend())).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
    }

    // ---------------------------------------------------------------- a stream the peer reset

    /** Stream 1 reset by the peer after our response started. */
    private void peerResetsStreamOne() {
        handshake();
        receive(POST_1);
        server.sendHeaders(1, RESPONSE, false);
        sent();
        assertThat(receive(Frames.rstStream(1, CANCEL))).containsExactly(new StreamReset(1, CANCEL, true));
        assertThat(server.openInboundStreams()).isZero();
    }

    @ParameterizedTest
    @MethodSource("framesThatCannotFollowEndStream")
    void dataOrHeadersAfterThePeersRstStreamIsAStreamErrorStreamClosed(TestFrame late) {
        peerResetsStreamOne();

        // RFC 9113 §6.4: after its RST_STREAM the peer sends nothing more; frames that still come are
        // answered as any frame on a closed stream (RFC 9113 §5.1).
        assertThat(receive(late)).isEmpty();
        assertThat(sent()).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
    }

    @Test
    void rstStreamOrWindowUpdateAfterThePeersRstStreamIsIgnored() {
        peerResetsStreamOne();

        // A second RST_STREAM fires no second event and is never answered (RFC 9113 §5.4.2: no loops).
        assertThat(receive(Frames.rstStream(1, CANCEL), Frames.windowUpdate(1, 10))).isEmpty();
        assertThat(sent()).isEmpty();
    }

    // ---------------------------------------------------------------- streams our GOAWAY left out

    @Test
    void framesOnAStreamAboveOurGoAwaysLastStreamIdAreIgnored() {
        handshake();
        receive(GET_1.endStream());
        server.closeConnection(NO_ERROR);
        assertThat(sent()).containsExactly(Frames.goAway(1, NO_ERROR));

        // The client opened stream 3 before our GOAWAY reached it: RFC 9113 §6.8, we ignore its frames.
        List<Event> events = receive(Frames.headers(3).request("POST", "https", "example.com", "/"),
                Frames.data(3, "x"), Frames.windowUpdate(3, 5),
                Frames.headers(3).field("x-checksum", "abc").endStream());

        assertThat(events).isEmpty();
        assertThat(sent()).isEmpty();
        assertThat(server.openInboundStreams()).as("stream 1 only").isEqualTo(1);
        // Stream 1, below the last stream id, still finishes.
        server.sendHeaders(1, RESPONSE, true);
        assertThat(sent()).containsExactly(Frames.headers(1).response(200).endStream());
    }

    // ---------------------------------------------------------------- closed streams cost O(1)

    @Test
    void twentyThousandClosedStreamsLaterStreamOneIsStillKnownClosed() {
        handshake();
        int streams = 20_000;
        for (int i = 0; i < streams; i++) {
            int id = 2 * i + 1;
            server.receiveData(Frames.headers(id).request("GET", "https", "example.com", "/").endStream().buffer());
            server.sendHeaders(id, RESPONSE, true);
            server.clearOutboundDataBuffer();
        }
        assertThat(server.openInboundStreams()).isZero();

        // python-hyper/h2#1175: a capped cache of closed ids forgets stream 1 and calls it too low.
        Peer peer = Peer.readingFromServer();
        assertThat(receive(Frames.data(1, "late"))).isEmpty();
        assertThat(peer.read(server.dataToSend())).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
        assertThat(receive(Frames.windowUpdate(1, 1))).isEmpty();
        assertThat(peer.read(server.dataToSend())).isEmpty();
        assertThat(receive(Frames.headers(3).field("x-late", "1").endStream())).isEmpty();
        assertThat(peer.read(server.dataToSend())).containsExactly(Frames.rstStream(3, STREAM_CLOSED));
        int next = 2 * streams + 1;
        assertThat(receive(Frames.headers(next).request("GET", "https", "example.com", "/").endStream()))
                .hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
    }

    @Test
    void streamWeResetLongAgoIsAnsweredFromTheClosedRowWhenTheRingForgetsIt() {
        H2Configuration config = H2Configuration.server()
                .withLimits(Limits.defaults().withRecentlyResetStreams(2));
        H2Connection small = new H2Connection(config);
        small.initiateConnection();
        small.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings(), Frames.settingsAck()));
        for (int id = 1; id <= 5; id += 2) {
            small.receiveData(Frames.headers(id).request("POST", "https", "example.com", "/").buffer());
            small.resetStream(id, CANCEL);
        }
        Peer fromServer = Peer.readingFromServer();
        fromServer.read(small.dataToSend());

        // Streams 3 and 5 are in the ring of 2: quiet. Stream 1 left it: a closed stream, STREAM_CLOSED.
        assertThat(small.receiveData(Frames.concat(Frames.data(3, "x"), Frames.data(5, "x")))).isEmpty();
        assertThat(fromServer.read(small.dataToSend())).isEmpty();
        assertThat(small.receiveData(Frames.data(1, "x").buffer())).isEmpty();
        assertThat(fromServer.read(small.dataToSend())).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
    }

    // ---------------------------------------------------------------- sending on a closed stream

    static Stream<Named<Consumer<H2Connection>>> callsOnStreamOne() {
        return Stream.of(
                Named.of("sendData", c -> c.sendData(1, ByteBuffer.wrap(new byte[] {1}), false)),
                Named.of("endStream", c -> c.endStream(1)),
                Named.of("sendHeaders", c -> c.sendHeaders(1, RESPONSE, true)),
                Named.of("resetStream", c -> c.resetStream(1, CANCEL)),
                Named.of("incrementFlowControlWindow", c -> c.incrementFlowControlWindow(1, 1)),
                Named.of("pushStream", c -> c.pushStream(1, 2, Frames.requestFields("GET", "https", "example.com",
                        "/a"))),
                Named.of("localFlowControlWindow", c -> c.localFlowControlWindow(1)));
    }

    @ParameterizedTest
    @MethodSource("callsOnStreamOne")
    void sendingOnAClosedStreamIsRefusedAndQueuesNothing(Consumer<H2Connection> call) {
        closeStreamOneNormally();

        assertRefusedAsClosed(() -> call.accept(server));
    }

    @ParameterizedTest
    @MethodSource("callsOnStreamOne")
    void sendingOnAStreamThePeerResetIsRefusedAndQueuesNothing(Consumer<H2Connection> call) {
        handshake();
        receive(POST_1, Frames.rstStream(1, CANCEL));

        assertRefusedAsClosed(() -> call.accept(server));
    }

    @Test
    void clientSendingOnItsClosedStreamIsRefused() {
        H2Connection h2client = new H2Connection(H2Configuration.client());
        h2client.initiateConnection();
        h2client.sendHeaders(1, Frames.requestFields("GET", "https", "example.com", "/"), false);
        h2client.resetStream(1, CANCEL);
        h2client.dataToSend();

        assertRefusedAsClosed(h2client, () -> h2client.sendData(1, ByteBuffer.allocate(1), true));
        // A new field block on an id below the next one is a stream id rule before it is a closed stream.
        assertThatThrownBy(() -> h2client.sendHeaders(1, Frames.requestFields("GET", "https", "example.com", "/"),
                true)).isInstanceOfSatisfying(StreamIdTooLowException.class, e -> {
                    assertThat(e.scope()).isEqualTo(ErrorScope.CALLER);
                    assertThat(e.getMessage()).contains("RFC 9113 §5.1.1");
                });
        assertThat(h2client.outboundSize()).isZero();
    }

    @Test
    void sendingOnAHalfClosedLocalStreamIsRefusedAsStreamClosed() {
        handshake();
        receive(POST_1);
        server.sendHeaders(1, RESPONSE, true);
        sent();

        assertRefusedAsClosed(() -> server.sendData(1, ByteBuffer.allocate(1), false));
        assertRefusedAsClosed(() -> server.sendHeaders(1, List.of(HeaderField.of("x-more", "1")), true));
    }

    private void assertRefusedAsClosed(ThrowingCallable call) {
        assertRefusedAsClosed(server, call);
    }

    private static void assertRefusedAsClosed(H2Connection connection, ThrowingCallable call) {
        int before = connection.outboundSize();
        assertThatThrownBy(call).isInstanceOfSatisfying(StreamClosedException.class, e -> {
            assertThat(e.scope()).isEqualTo(ErrorScope.CALLER);
            assertThat(e.errorCode()).isEqualTo(STREAM_CLOSED);
            assertThat(e.streamId()).isEqualTo(1);
            assertThat(e.getMessage()).contains("RFC 9113 §5.1");
        });
        assertThat(connection.outboundSize()).isEqualTo(before);
    }
}

package dev.h2j;

import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.ErrorCode.STREAM_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frame sequences a peer must not send, and what each costs it: a connection error with GOAWAY, the
 * right code and last stream id, the events parsed before it kept (RFC 9113 §3.4, §5.1, §5.1.1, §5.4.1,
 * §6.10, §8.4).
 */
class InvalidFrameSequenceTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "https", "example.com", "/");

    /** Which endpoint receives the bad frames, and what it has already done. */
    enum Receiver {
        /** A server that received a complete request on stream 1 in the same buffer as the bad frames. */
        SERVER,
        /** A client (push refused, the default) that sent a request on stream 1 and gets its response first. */
        CLIENT,
        /** The same client with push enabled. */
        PUSH_CLIENT,
    }

    /** A bad frame sequence and the connection error it must cause. */
    record Violation(Receiver receiver, Wire bad, Class<? extends H2Exception> type, ErrorCode code, String rule) {
    }

    private static Named<Violation> violation(String name, Receiver receiver, Class<? extends H2Exception> type,
            String rule, Wire... bad) {
        return Named.of(name, new Violation(receiver, Frames.labelled(name, Frames.concatBytes(bad)), type,
                PROTOCOL_ERROR, rule));
    }

    static Stream<Named<Violation>> violations() {
        Wire openBlock = Frames.headers(3).request("GET", "https", "example.com", "/x").withoutEndHeaders();
        Receiver s = Receiver.SERVER;
        return Stream.of(
                // RFC 9113 §5.1: on an idle stream only HEADERS and PRIORITY may arrive.
                violation("DATA on an idle client stream", s, H2ProtocolException.class, "RFC 9113 §5.1",
                        Frames.data(3, "x")),
                violation("DATA on an idle server stream", s, H2ProtocolException.class, "RFC 9113 §5.1",
                        Frames.data(2, "x")),
                violation("WINDOW_UPDATE on an idle stream", s, H2ProtocolException.class, "RFC 9113 §5.1",
                        Frames.windowUpdate(3, 1)),
                violation("RST_STREAM on an idle stream", s, H2ProtocolException.class, "RFC 9113 §6.4",
                        Frames.rstStream(3, CANCEL)),
                // ... also when the frame is broken in a way that would otherwise be a stream error.
                violation("WINDOW_UPDATE of 0 on an idle stream", s, H2ProtocolException.class, "RFC 9113 §5.1",
                        Frames.windowUpdate(3, 0)),
                violation("oversize DATA on an idle stream", s, H2ProtocolException.class, "RFC 9113 §5.1",
                        Frames.dataOfLength(3, 16_385)),
                // RFC 9113 §5.1.1: clients open odd streams.
                violation("a client opening an even stream", s, H2ProtocolException.class, "RFC 9113 §5.1.1",
                        Frames.headers(2).request("GET", "https", "example.com", "/")),
                // RFC 9113 §6.10: a field block is a contiguous run of frames on one stream.
                violation("DATA inside a header block", s, H2ProtocolException.class, "RFC 9113 §6.10",
                        openBlock, Frames.data(3, "x")),
                violation("PING inside a header block", s, H2ProtocolException.class, "RFC 9113 §6.10",
                        openBlock, Frames.ping(1)),
                violation("HEADERS of another stream inside a header block", s, H2ProtocolException.class,
                        "RFC 9113 §6.10", openBlock, Frames.headers(5).request("GET", "https", "example.com", "/")),
                violation("CONTINUATION of another stream inside a header block", s, H2ProtocolException.class,
                        "RFC 9113 §6.10", openBlock, Frames.continuation(5).endHeaders()),
                violation("CONTINUATION after a complete HEADERS", s, H2ProtocolException.class, "RFC 9113 §6.10",
                        Frames.continuation(1).endHeaders()),
                violation("CONTINUATION with no HEADERS at all", s, H2ProtocolException.class, "RFC 9113 §6.10",
                        Frames.continuation(3).field("x-a", "b").endHeaders()),
                // RFC 9113 §8.4: only servers push.
                violation("PUSH_PROMISE to a server", s, H2ProtocolException.class, "RFC 9113 §8.4",
                        Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/a")),
                // RFC 9113 §5.1: a server-initiated stream opens with PUSH_PROMISE, never with HEADERS.
                violation("HEADERS opening an even stream at a client", Receiver.CLIENT, H2ProtocolException.class,
                        "RFC 9113 §8.4", Frames.headers(2).response(200)),
                violation("HEADERS on the client's own idle stream", Receiver.CLIENT, H2ProtocolException.class,
                        "RFC 9113 §8.4", Frames.headers(3).response(200)),
                violation("DATA on an idle server stream at a client", Receiver.CLIENT, H2ProtocolException.class,
                        "RFC 9113 §5.1", Frames.data(2, "x")),
                // RFC 9113 §8.4: a client that sent SETTINGS_ENABLE_PUSH 0 takes PUSH_PROMISE as an error.
                violation("PUSH_PROMISE to a client that disabled push", Receiver.CLIENT,
                        UnsupportedFrameException.class, "RFC 9113 §8.4",
                        Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/a")),
                // RFC 9113 §5.1.1: promised streams are new and even.
                violation("PUSH_PROMISE promising an odd stream", Receiver.PUSH_CLIENT, H2ProtocolException.class,
                        "RFC 9113 §5.1.1", Frames.pushPromise(1, 3).request("GET", "https", "example.com", "/a")),
                violation("PUSH_PROMISE on an idle stream", Receiver.PUSH_CLIENT, H2ProtocolException.class,
                        "RFC 9113 §6.6", Frames.pushPromise(5, 2).request("GET", "https", "example.com", "/a")));
    }

    @ParameterizedTest
    @MethodSource("violations")
    void connectionErrorQueuesGoAwayAndKeepsTheEventsParsedBeforeIt(Violation v) {
        H2Connection conn = ready(v.receiver());
        Peer peer = v.receiver() == Receiver.SERVER ? Peer.readingFromServer() : Peer.readingFromClient();
        peer.read(conn.dataToSend());
        Wire before = v.receiver() == Receiver.SERVER ? GET_1.endStream() : Frames.headers(1).response(200);

        H2Exception e = catchConnectionError(conn, Frames.concat(before, v.bad()), v.type(), v.code(), v.rule());

        // RFC 9113 §5.4.1: GOAWAY names the last stream processed: the server's request, no push at a client.
        int lastStreamId = v.receiver() == Receiver.SERVER ? 1 : 0;
        assertThat(TestFrame.withoutDebugData(peer.read(conn.dataToSend())))
                .containsExactly(Frames.goAway(lastStreamId, v.code()));
        if (v.receiver() == Receiver.SERVER) {
            assertThat(e.events()).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        } else {
            assertThat(e.events()).hasExactlyElementsOfTypes(ResponseReceived.class);
        }
        assertThat(e.events().get(0)).extracting("streamId").isEqualTo(1);
    }

    @Test
    void goAwayDebugDataSaysWhichRuleWasBroken() {
        H2Connection server = ready(Receiver.SERVER);
        Peer peer = Peer.readingFromServer();
        peer.read(server.dataToSend());

        catchConnectionError(server, Frames.data(3, "x").buffer(), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1");

        TestFrame.GoAway goAway = (TestFrame.GoAway) peer.read(server.dataToSend()).get(0);
        assertThat(goAway.debugData().utf8()).startsWith("RFC 9113 §5.1").contains("stream 3");
    }

    // ---------------------------------------------------------------- the preface (RFC 9113 §3.4)

    static Stream<Named<byte[]>> badPrefaces() {
        return Stream.of(
                Named.of("an HTTP/1.1 request", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                Named.of("the magic with a wrong version", "PRI * HTTP/1.1\r\n\r\nSM\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)),
                Named.of("SETTINGS without the magic", Frames.settings().bytes()));
    }

    @ParameterizedTest
    @MethodSource("badPrefaces")
    void badClientPrefaceIsAConnectionError(byte[] preface) {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        Peer peer = Peer.readingFromServer();
        peer.read(server.dataToSend());

        catchConnectionError(server, ByteBuffer.wrap(preface), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §3.4");

        assertThat(TestFrame.withoutDebugData(peer.read(server.dataToSend())))
                .containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void badClientPrefaceSplitOverCallsFailsAtTheFirstWrongOctet() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        server.dataToSend();
        byte[] magic = Frames.clientPreface().bytes();

        assertThat(server.receiveData(ByteBuffer.wrap(magic, 0, 10))).isEmpty();
        catchConnectionError(server, ByteBuffer.wrap("X".getBytes(StandardCharsets.US_ASCII)),
                H2ProtocolException.class, PROTOCOL_ERROR, "octet 10");
    }

    static Stream<Named<Wire>> firstFramesOtherThanSettings() {
        return Stream.of(
                Named.of("PING", Frames.ping(1)),
                Named.of("SETTINGS ACK", Frames.settingsAck()),
                Named.of("HEADERS", GET_1.endStream()),
                Named.of("WINDOW_UPDATE", Frames.windowUpdate(0, 1)));
    }

    @ParameterizedTest
    @MethodSource("firstFramesOtherThanSettings")
    void serverWhoseFirstFrameIsNotSettingsEndsTheConnection(Wire first) {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        Peer peer = Peer.readingFromServer();
        peer.read(server.dataToSend());

        catchConnectionError(server, Frames.concat(Frames.clientPreface(), first), H2ProtocolException.class,
                PROTOCOL_ERROR, "RFC 9113 §3.4");

        assertThat(TestFrame.withoutDebugData(peer.read(server.dataToSend())))
                .containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @MethodSource("firstFramesOtherThanSettings")
    void clientWhoseFirstFrameIsNotSettingsEndsTheConnection(Wire first) {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        Peer peer = Peer.readingFromClient();
        peer.read(client.dataToSend());

        catchConnectionError(client, first.buffer(), H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §3.4");

        assertThat(TestFrame.withoutDebugData(peer.read(client.dataToSend())))
                .containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    // ---------------------------------------------------------------- closed, not idle

    /*
     * RFC 9113 §5.1.1 makes stream 1 closed the moment stream 3 opens, so HEADERS on it is a frame on a
     * closed stream: STREAM_CLOSED, as after a normal close (RFC 9113 §5.1). §5.1.1 also asks for a
     * connection error PROTOCOL_ERROR on an "unexpected stream identifier", but without remembering
     * every id a skipped stream cannot be told from one that was used and closed, whose late frames must
     * not end the connection; h2j answers both the same way and never opens the stream.
     */
    @Test
    void headersBelowTheHighestClientStreamIdIsAStreamErrorStreamClosed() {
        H2Connection server = ready(Receiver.SERVER);
        Peer peer = Peer.readingFromServer();
        peer.read(server.dataToSend());
        server.receiveData(Frames.headers(3).request("GET", "https", "example.com", "/").endStream().buffer());

        List<Event> events = server.receiveData(GET_1.endStream().buffer());

        assertThat(events).isEmpty();
        assertThat(peer.read(server.dataToSend())).containsExactly(Frames.rstStream(1, STREAM_CLOSED));
        assertThat(server.openInboundStreams()).isEqualTo(1);
        assertThat(server.receiveData(Frames.headers(5).request("GET", "https", "example.com", "/").endStream()
                .buffer())).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
    }

    // ---------------------------------------------------------------- after a connection error

    @Test
    void afterAConnectionErrorInputIsDiscarded() {
        H2Connection server = ready(Receiver.SERVER);
        server.dataToSend();
        catchConnectionError(server, Frames.data(3, "x").buffer(), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1");
        server.dataToSend();

        ByteBuffer more = Frames.concat(Frames.ping(7), Frames.headers(5).request("GET", "https", "example.com",
                "/").endStream(), Frames.data(99, "x"));

        // RFC 9113 §5.4.1: the connection is closed; frames in flight are neither answered nor errors.
        assertThat(server.receiveData(more)).isEmpty();
        assertThat(more.hasRemaining()).isFalse();
        assertThat(server.outboundSize()).isZero();
    }

    static Stream<Named<Consumer<H2Connection>>> callsAfterTheConnectionClosed() {
        return Stream.of(
                Named.of("sendHeaders", c -> c.sendHeaders(1, Headers.response(200).build(), true)),
                Named.of("sendData", c -> c.sendData(1, ByteBuffer.allocate(1), true)),
                Named.of("endStream", c -> c.endStream(1)),
                Named.of("resetStream", c -> c.resetStream(1, CANCEL)),
                Named.of("ping", c -> c.ping(1)),
                Named.of("updateSettings", c -> c.updateSettings(List.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS,
                        10)))),
                Named.of("incrementFlowControlWindow", c -> c.incrementFlowControlWindow(1)),
                Named.of("acknowledgeReceivedData", c -> c.acknowledgeReceivedData(1, 1)),
                Named.of("closeConnection", c -> c.closeConnection(NO_ERROR)),
                Named.of("pushStream", c -> c.pushStream(1, 2, Frames.requestFields("GET", "https", "example.com",
                        "/a"))));
    }

    @ParameterizedTest
    @MethodSource("callsAfterTheConnectionClosed")
    void afterAConnectionErrorSendCallsAreRefused(Consumer<H2Connection> call) {
        H2Connection server = ready(Receiver.SERVER);
        // Stream 1 is open, so only the closed connection can refuse the call.
        server.receiveData(Frames.headers(1).request("POST", "https", "example.com", "/").buffer());
        catchConnectionError(server, Frames.data(3, "x").buffer(), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9113 §5.1");
        server.dataToSend();

        assertThatThrownBy(() -> call.accept(server)).isInstanceOfSatisfying(H2Exception.class, e -> {
            assertThat(e.scope()).isEqualTo(ErrorScope.CALLER);
            assertThat(e.errorCode()).isEqualTo(PROTOCOL_ERROR);
            assertThat(e.getMessage()).contains("RFC 9113 §5.4.1");
        });
        assertThat(server.outboundSize()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** The receiver after the preface both ways; a client has also sent its request on stream 1. */
    private static H2Connection ready(Receiver receiver) {
        if (receiver == Receiver.SERVER) {
            H2Connection server = new H2Connection(H2Configuration.server());
            server.initiateConnection();
            server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings(), Frames.settingsAck()));
            return server;
        }
        H2Connection client = new H2Connection(H2Configuration.client()
                .withEnablePush(receiver == Receiver.PUSH_CLIENT));
        client.initiateConnection();
        client.receiveData(Frames.concat(Frames.settings(), Frames.settingsAck()));
        client.sendHeaders(1, Frames.requestFields("GET", "https", "example.com", "/"), true);
        return client;
    }

    /** Feeds {@code input}, which must end the connection with {@code code}, and returns the exception. */
    private static H2Exception catchConnectionError(H2Connection conn, ByteBuffer input,
            Class<? extends H2Exception> type, ErrorCode code, String rule) {
        H2Exception[] caught = new H2Exception[1];
        assertThatThrownBy(() -> conn.receiveData(input)).isInstanceOfSatisfying(type, e -> {
            assertThat(e.scope()).isEqualTo(ErrorScope.CONNECTION);
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(rule);
            caught[0] = e;
        });
        return caught[0];
    }
}

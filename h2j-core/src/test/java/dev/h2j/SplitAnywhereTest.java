package dev.h2j;

import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PingReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.event.UnknownFrameReceived;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.SettingId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection parses input split anywhere the same (STYLE.md "Split-anywhere"; nghttp2's explicit
 * parser states): one rich conversation, fed whole, one octet per call, and cut in two at every
 * point, gives equal events and queues equal octets.
 */
class SplitAnywhereTest {

    /** A connection ready to receive, and what its peer sends it. */
    record Scenario(Supplier<H2Connection> connection, byte[] input, List<Class<? extends Event>> eventTypes) {
    }

    /** The client's side: preface, SETTINGS both ways, then a request with every kind of frame around it. */
    private static Scenario atServer() {
        byte[] input = Frames.concatBytes(
                Frames.clientPreface(),
                Frames.settings().with(SettingId.INITIAL_WINDOW_SIZE, 70_000).with(SettingId.MAX_CONCURRENT_STREAMS,
                        50),
                Frames.settingsAck(),
                Frames.headers(1).request("POST", "https", "example.com", "/upload")
                        .field("content-type", "text/plain").field("x-long", "v".repeat(60))
                        .priority(0, 32, false).padded(4).continuations(2),
                Frames.data(1, "hello ").padded(10),
                Frames.ping(0x0102030405060708L),
                Frames.windowUpdate(0, 4096),
                Frames.windowUpdate(1, 1024),
                Frames.priority(3, 1, 16, false),
                Frames.data(1, "world"),
                Frames.headers(1).field("x-checksum", "abc").endStream().continuations(1),
                Frames.headers(3).request("GET", "https", "example.com", "/next").endStream(),
                Frames.rstStream(3, CANCEL),
                Frames.unknown(0xfa, 0x3, 0, new byte[] {1, 2, 3}));
        Supplier<H2Connection> server = () -> {
            H2Connection conn = new H2Connection(H2Configuration.server());
            conn.initiateConnection();
            conn.dataToSend();
            return conn;
        };
        return new Scenario(server, input, List.of(RemoteSettingsChanged.class, SettingsAcknowledged.class,
                RequestReceived.class, PriorityUpdated.class, DataReceived.class, PingReceived.class,
                WindowUpdated.class, WindowUpdated.class, PriorityUpdated.class, DataReceived.class,
                TrailersReceived.class, StreamEnded.class, RequestReceived.class, StreamEnded.class, StreamReset.class,
                UnknownFrameReceived.class));
    }

    /** The server's side: SETTINGS both ways, a push and a response over CONTINUATION, trailers, GOAWAY. */
    private static Scenario atClient() {
        byte[] input = Frames.concatBytes(
                Frames.settings().with(SettingId.MAX_FRAME_SIZE, 20_000),
                Frames.settingsAck(),
                Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/style.css").padded(2)
                        .continuations(2),
                Frames.headers(1).response(200).field("content-type", "text/html").field("x-long", "w".repeat(80))
                        .maxFragment(7),
                Frames.data(1, "<html>").padded(0),
                Frames.ping(42),
                Frames.windowUpdate(0, 1),
                Frames.data(1, "</html>").padded(200),
                Frames.headers(1).field("x-checksum", "def").endStream().continuations(3),
                Frames.headers(2).response(200),
                Frames.data(2, "body {}").endStream(),
                Frames.goAway(2, NO_ERROR, "bye"));
        Supplier<H2Connection> client = () -> {
            // maxFragment(7) cuts the response's field block into more CONTINUATION frames than the default allows.
            H2Connection conn = new H2Connection(H2Configuration.client().withEnablePush(true)
                    .withLimits(Limits.defaults().withMaxContinuationFrames(32)));
            conn.initiateConnection();
            conn.sendHeaders(1, Frames.requestFields("GET", "https", "example.com", "/"), true);
            conn.dataToSend();
            return conn;
        };
        return new Scenario(client, input, List.of(RemoteSettingsChanged.class, SettingsAcknowledged.class,
                PushedStreamReceived.class, ResponseReceived.class, DataReceived.class, PingReceived.class,
                WindowUpdated.class, DataReceived.class, TrailersReceived.class, StreamEnded.class,
                ResponseReceived.class, DataReceived.class, StreamEnded.class, ConnectionTerminated.class));
    }

    static Stream<Named<Scenario>> scenarios() {
        return Stream.of(Named.of("at a server", atServer()), Named.of("at a client", atClient()));
    }

    /** The events and the queued octets of feeding {@code pieces} in order to a fresh connection. */
    private record Outcome(List<Event> events, ByteBuffer sent) {
    }

    private static Outcome feed(Scenario scenario, List<ByteBuffer> pieces) {
        H2Connection conn = scenario.connection().get();
        List<Event> events = new ArrayList<>();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (ByteBuffer piece : pieces) {
            events.addAll(conn.receiveData(piece));
            assertThat(piece.hasRemaining()).as("receiveData consumes its input").isFalse();
            ByteBuffer out = conn.dataToSend();
            sent.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
        }
        return new Outcome(events, ByteBuffer.wrap(sent.toByteArray()));
    }

    private static Outcome whole(Scenario scenario) {
        Outcome whole = feed(scenario, List.of(ByteBuffer.wrap(scenario.input())));
        assertThat(whole.events()).extracting(Object::getClass).containsExactlyElementsOf(scenario.eventTypes());
        // The answers the input asks for: a SETTINGS ACK and a PING ACK.
        assertThat(whole.sent().remaining()).isEqualTo(9 + 17);
        return whole;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void oneOctetPerCallGivesTheSameEventsAndOutput(Scenario scenario) {
        Outcome whole = whole(scenario);

        Outcome bytewise = feed(scenario, Splits.bytewise(scenario.input()));

        assertThat(bytewise.events()).isEqualTo(whole.events());
        WireAssertions.assertWire(bytewise.sent(), Frames.raw(toArray(whole.sent())));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everySplitInTwoGivesTheSameEventsAndOutput(Scenario scenario) {
        Outcome whole = whole(scenario);

        for (Splits.Split split : Splits.everySplit(scenario.input())) {
            Outcome parts = feed(scenario, split.parts());

            assertThat(parts.events()).as("%s", split).isEqualTo(whole.events());
            assertThat(parts.sent()).as("%s", split).isEqualTo(whole.sent());
        }
    }

    /** Like {@link #feed}, but the input ends in a connection error: the events it kept count too. */
    private static Outcome feedUntilTheError(Scenario scenario, List<ByteBuffer> pieces) {
        H2Connection conn = scenario.connection().get();
        List<Event> events = new ArrayList<>();
        H2Exception error = null;
        for (ByteBuffer piece : pieces) {
            try {
                events.addAll(conn.receiveData(piece));
            } catch (H2Exception e) {
                assertThat(error).as("one connection error").isNull();
                assertThat(e.scope()).isEqualTo(ErrorScope.CONNECTION);
                events.addAll(e.events());
                error = e;
            }
        }
        assertThat(error).as("the bad frame ends the connection").isNotNull();
        return new Outcome(events, conn.dataToSend());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void connectionErrorIsFoundAtTheSameFrameWithTheSameEventsWhereverTheInputIsSplit(Scenario valid) {
        // The scenario, then DATA on stream 9, which no one opened: RFC 9113 §5.1, a connection error.
        byte[] input = Frames.concatBytes(Frames.raw(valid.input()), Frames.data(9, "x"), Frames.ping(99));
        Scenario scenario = new Scenario(valid.connection(), input, valid.eventTypes());
        Outcome whole = feedUntilTheError(scenario, List.of(ByteBuffer.wrap(input)));
        assertThat(whole.events()).extracting(Object::getClass).containsExactlyElementsOf(valid.eventTypes());

        assertThat(feedUntilTheError(scenario, Splits.bytewise(input))).isEqualTo(whole);
        for (Splits.Split split : Splits.everySplit(input)) {
            assertThat(feedUntilTheError(scenario, split.parts())).as("%s", split).isEqualTo(whole);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] octets = new byte[buffer.remaining()];
        buffer.duplicate().get(octets);
        return octets;
    }
}

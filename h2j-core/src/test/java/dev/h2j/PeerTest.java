package dev.h2j;

import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.SettingId.MAX_CONCURRENT_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameType;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HpackException;
import dev.h2j.hpack.IndexingPolicy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Peer}: reads frames split anywhere, joins and decodes header blocks in order, checks the preface. */
class PeerTest {

    private static final TestFrame.Headers GET = Frames.headers(1).request("GET", "https", "example.com", "/");

    // A server's first flight, with a header block cut over three frames and a padded DATA.
    private static final List<TestFrame> FLIGHT = List.of(
            Frames.settings().with(MAX_CONCURRENT_STREAMS, 100),
            Frames.settingsAck(),
            Frames.headers(1).response(200).field("content-type", "text/plain").continuations(2),
            Frames.data(1, "hello").padded(3),
            Frames.pushPromise(1, 2).request("GET", "https://example.com/x").maxFragment(4),
            Frames.data(1, "").endStream(),
            Frames.goAway(1, PROTOCOL_ERROR, "bye"));

    private static final byte[] FLIGHT_WIRE = Frames.concatBytes(FLIGHT.toArray(Wire[]::new));

    @Test
    void readsEveryFrameOfOneBuffer() {
        Peer peer = Peer.readingFromServer();
        ByteBuffer in = ByteBuffer.wrap(FLIGHT_WIRE);

        assertThat(peer.read(in)).isEqualTo(FLIGHT);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(peer.atFrameBoundary()).isTrue();
    }

    @Test
    void readsTheSameFramesOneOctetPerCall() {
        Peer peer = Peer.readingFromServer();

        assertThat(Splits.feed(Splits.bytewise(FLIGHT_WIRE), peer::read)).isEqualTo(FLIGHT);
    }

    @Test
    void readsTheSameFramesAtEverySplitPoint() {
        for (Splits.Split split : Splits.everySplit(FLIGHT_WIRE)) {
            Peer peer = Peer.readingFromServer();

            assertThat(Splits.feed(split.parts(), peer::read)).as("%s", split).isEqualTo(FLIGHT);
        }
    }

    @Test
    void frameComesOutOfTheCallThatCompletesIt() {
        Peer peer = Peer.readingFromServer();
        byte[] wire = Frames.concatBytes(Frames.ping(1), Frames.ping(2));

        assertThat(peer.read(Arrays.copyOfRange(wire, 0, 5))).isEmpty();
        assertThat(peer.atFrameBoundary()).isFalse();
        assertThat(peer.read(Arrays.copyOfRange(wire, 5, 20))).containsExactly(Frames.ping(1));
        assertThat(peer.atFrameBoundary()).isFalse();
        assertThat(peer.read(new byte[0])).isEmpty();
        assertThat(peer.atFrameBoundary()).isFalse();
        assertThat(peer.read(Arrays.copyOfRange(wire, 20, wire.length))).containsExactly(Frames.ping(2));
        assertThat(peer.atFrameBoundary()).isTrue();
    }

    @Test
    void headerBlockComesOutWhenItsLastContinuationArrives() {
        Peer peer = Peer.readingFromServer();

        assertThat(peer.read(GET.withoutEndHeaders().buffer())).isEmpty();
        assertThat(peer.atFrameBoundary()).isFalse();
        assertThat(peer.read(Frames.continuation(1).field("accept", "*/*").buffer())).isEmpty();
        assertThat(peer.read(Frames.continuation(1).endHeaders().buffer()))
                .containsExactly(GET.field("accept", "*/*"));
        assertThat(peer.atFrameBoundary()).isTrue();
    }

    @Test
    void readingFromClientChecksAndDropsThePreface() {
        Peer peer = Peer.readingFromClient();

        assertThat(peer.read(Frames.concat(Frames.clientPreface(), Frames.settings(), GET)))
                .containsExactly(Frames.settings(), GET);
    }

    @Test
    void prefaceMayArriveSplitAnywhere() {
        byte[] wire = Frames.concatBytes(Frames.clientPreface(), Frames.settingsAck());
        Peer bytewise = Peer.readingFromClient();

        assertThat(Splits.feed(Splits.bytewise(wire), bytewise::read)).containsExactly(Frames.settingsAck());
        for (Splits.Split split : Splits.everySplit(wire)) {
            Peer peer = Peer.readingFromClient();

            assertThat(Splits.feed(split.parts(), peer::read)).as("%s", split).containsExactly(Frames.settingsAck());
        }
    }

    @Test
    void halfAPrefaceIsNotAFrameBoundary() {
        Peer peer = Peer.readingFromClient();

        peer.read(Arrays.copyOf(Frames.clientPreface().bytes(), 10));

        assertThat(peer.atFrameBoundary()).isFalse();
    }

    @Test
    void wrongPrefaceFailsTheTest() {
        byte[] preface = Frames.clientPreface().bytes();
        preface[23] = 'X';

        assertThatThrownBy(() -> Peer.readingFromClient().read(preface))
                .isInstanceOf(AssertionError.class)
                .hasMessage("RFC 9113 §3.4: expected the client preface, octet 23 is 0x58 instead of 0xa");
        assertThatThrownBy(() -> Peer.readingFromClient().read(Frames.settings().buffer()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected the client preface");
    }

    @Test
    void serverOctetsStartWithAFrameNotThePreface() {
        assertThatThrownBy(() -> Peer.readingFromServer().read(Frames.clientPreface().buffer()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("malformed frame: ").hasMessageContaining("FRAME_SIZE_ERROR");
    }

    @Test
    void malformedFrameFailsTheTestNamingTheFramesBeforeIt() {
        ByteBuffer in = Frames.concat(Frames.ping(1), Frames.windowUpdate(0, 0));

        assertThatThrownBy(() -> Peer.readingFromServer().read(in))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("malformed frame: connection error PROTOCOL_ERROR (stream 0): RFC 9113 §6.9")
                .hasMessageEndingWith("; frames read before it: [PING(0x0000000000000001)]")
                .hasCauseInstanceOf(FrameFormatException.class);
    }

    @Test
    void undecodableHeaderBlockFailsTheTest() {
        // RFC 7541 §6.1: index 0 is a decoding error
        Wire badBlock = Frames.raw(FrameType.HEADERS, Frames.END_HEADERS, 1, Frames.hex("80"));

        assertThatThrownBy(() -> Peer.readingFromServer().read(Frames.concat(Frames.settingsAck(), badBlock)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("undecodable header block: ")
                .hasMessageEndingWith("; frames read before it: [SETTINGS(ACK)]")
                .hasCauseInstanceOf(HpackException.class);
    }

    @Test
    void headerBlocksShareOneDynamicTableInArrivalOrder() {
        // A stateful encoder, as a real connection uses: the second block refers to entries the first added.
        HpackEncoder encoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        List<HeaderField> fields = List.of(HeaderField.of(":status", "200"), HeaderField.of("x-trace", "abc123"));
        byte[] first = encoder.encode(fields);
        byte[] second = encoder.encode(fields);
        Wire secondFrame = Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3, second);
        Peer peer = Peer.readingFromServer();

        assertThat(second).hasSizeLessThan(first.length);
        assertThat(peer.read(Frames.concat(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS, 1, first), secondFrame)))
                .containsExactly(Frames.headers(1).response(200).field("x-trace", "abc123"),
                        Frames.headers(3).response(200).field("x-trace", "abc123").endStream());
        assertThatThrownBy(() -> Peer.readingFromServer().read(secondFrame.buffer()))
                .isInstanceOf(AssertionError.class).hasMessageStartingWith("undecodable header block");
    }

    @Test
    void headerTableSizeFollowsWhatThisPeerAdvertised() {
        HpackEncoder encoder = HpackEncoder.builder().maxTableSize(8192).build();
        encoder.setMaxTableSize(8192);
        // RFC 7541 §6.3: the block starts with a table size update to 8192
        Wire grown = Frames.raw(FrameType.HEADERS, Frames.END_HEADERS, 1,
                encoder.encode(List.of(HeaderField.of(":status", "200"))));

        assertThatThrownBy(() -> Peer.readingFromServer().read(grown.buffer()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("exceeds the limit 4096");
        Peer peer = Peer.readingFromServer();
        peer.setHeaderTableSize(8192);
        assertThat(peer.read(grown.buffer())).containsExactly(Frames.headers(1).response(200));
    }

    @Test
    void maxFrameSizeFollowsWhatThisPeerAdvertised() {
        TestFrame large = Frames.dataOfLength(1, 16385);

        assertThatThrownBy(() -> Peer.readingFromServer().read(large.buffer()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("FRAME_SIZE_ERROR");
        Peer peer = Peer.readingFromServer();
        peer.setMaxFrameSize(16385);
        assertThat(peer.read(large.buffer())).containsExactly(large);
    }

    @Test
    void framesOutliveTheBufferTheyWereReadFrom() {
        byte[] wire = Frames.concatBytes(Frames.data(1, "hello"), GET, Frames.goAway(0, PROTOCOL_ERROR, "x"));
        List<TestFrame> read = new ArrayList<>(Peer.readingFromServer().read(wire));

        Arrays.fill(wire, (byte) 0);

        assertThat(read).containsExactly(Frames.data(1, "hello"), GET, Frames.goAway(0, PROTOCOL_ERROR, "x"));
    }
}

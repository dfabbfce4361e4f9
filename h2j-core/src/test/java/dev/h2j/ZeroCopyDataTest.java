package dev.h2j;

import static dev.h2j.frame.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.h2j.frame.ErrorCode.FRAME_SIZE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.StreamEnded;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.hpack.HeaderField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DATA path without copies: {@code sendDataByReference} queues the caller's buffer instead of a copy,
 * {@code dataToSend(GatheringByteChannel)} hands the queued buffers to a channel as they are, and
 * {@code withCopyReceivedData(false)} makes DATA events views of the input. The frames on the wire are
 * the same as on the copying path; only who owns the octets, and until when, differs.
 */
class ZeroCopyDataTest {

    private static final List<HeaderField> OK = Headers.response(200).build();

    private final Scenario server = Scenario.server();

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code text} repeated to at least {@link FrameBuffer#MIN_SHARED_LENGTH} octets: long enough to be shared. */
    private static String shareable(String text) {
        return text.repeat(FrameBuffer.MIN_SHARED_LENGTH / text.length() + 1);
    }

    private static String ascii(ByteBuffer buffer) {
        byte[] octets = new byte[buffer.remaining()];
        buffer.duplicate().get(octets);
        return new String(octets, StandardCharsets.US_ASCII);
    }

    /** The peer opens {@code streamId} and we answer with headers, so that DATA may follow. */
    private void openAndRespond(int streamId) {
        server.receive(Frames.headers(streamId).request("GET", "https", "example.com", "/"));
        server.conn.sendHeaders(streamId, OK, false);
        assertThat(server.sent()).containsExactly(Frames.headers(streamId).response(200));
    }

    // ---------------------------------------------------------------- sending by reference

    @Test
    void dataSentByReferenceIsTheSameFrameAsCopiedData() {
        openAndRespond(1);
        String text = shareable("hello");
        ByteBuffer body = ascii(text);
        server.conn.sendDataByReference(1, body, false);
        server.conn.sendDataByReference(1, ascii("short"), false);
        server.conn.sendData(1, ascii(" world"), true);
        assertThat(server.conn.outboundSize()).isEqualTo(9 + text.length() + 9 + 5 + 9 + 6);
        assertThat(server.sent()).containsExactly(Frames.data(1, text), Frames.data(1, "short"),
                Frames.data(1, " world").endStream());
        assertThat(body.position()).as("the caller's position").isZero();
    }

    @Test
    void theBufferIsReadWhenDrainedNotWhenSent() {
        openAndRespond(1);
        String text = shareable("draft");
        ByteBuffer body = ascii(text);
        server.conn.sendDataByReference(1, body, true);
        // The contract says leave it unchanged; changing it shows the octets were never copied.
        body.put(0, (byte) 'c').put(1, (byte) 'r');
        assertThat(server.sent()).containsExactly(Frames.data(1, "cr" + text.substring(2)).endStream());
    }

    @Test
    void aShortPayloadIsCopiedAtOnceSinceThatIsCheaper() {
        openAndRespond(1);
        ByteBuffer body = ascii("draft");
        server.conn.sendDataByReference(1, body, true);
        body.put(0, (byte) 'c');
        assertThat(server.sent()).containsExactly(Frames.data(1, "draft").endStream());
    }

    @Test
    void whatTheWindowsOrTheFrameSizeRefuseQueuesNothing() {
        openAndRespond(1);
        server.refuses(() -> server.conn.sendDataByReference(1, ByteBuffer.allocate(16_385), false),
                FrameTooLargeException.class, FRAME_SIZE_ERROR, "RFC 9113 §4.2");
        for (int i = 0; i < 3; i++) {
            server.conn.sendDataByReference(1, ByteBuffer.allocate(16_384), false);
        }
        server.conn.dataToSend();
        server.refuses(() -> server.conn.sendDataByReference(1, ByteBuffer.allocate(16_384), false),
                FlowControlException.class, FLOW_CONTROL_ERROR, "RFC 9113 §6.9.1");
        assertThat(server.conn.localFlowControlWindow(1)).isEqualTo(65_535 - 3 * 16_384);
    }

    @Test
    void sharedOctetsCountTowardTheSoftLimit() {
        Scenario small = Scenario.server(H2Configuration.server().withLimits(
                Limits.defaults().withOutboundBufferSize(1_000)));
        small.receive(Frames.headers(1).request("GET", "https", "example.com", "/"));
        small.conn.sendHeaders(1, OK, false);
        small.conn.dataToSend();
        small.conn.sendDataByReference(1, ByteBuffer.allocate(1_000), false);
        assertThat(small.conn.isWritable()).isFalse();
        assertThatThrownBy(() -> small.conn.sendDataByReference(1, ByteBuffer.allocate(1), true))
                .isInstanceOf(OutboundBufferFullException.class);
        small.conn.clearOutboundDataBuffer();
        assertThat(small.conn.outboundSize()).isZero();
        assertThat(small.conn.isWritable()).isTrue();
    }

    @Test
    void dataToSendIntoABufferCopiesAcrossSharedPayloads() {
        openAndRespond(1);
        String abc = shareable("abc");
        String def = shareable("def");
        server.conn.sendDataByReference(1, ascii(abc), false);
        server.conn.ping(7);
        server.conn.sendDataByReference(1, ascii(def), true);
        ByteBuffer first = ByteBuffer.allocate(100);
        assertThat(server.conn.dataToSend(first)).isEqualTo(100);
        ByteBuffer rest = server.conn.dataToSend();
        ByteBuffer all = ByteBuffer.allocate(first.capacity() + rest.remaining()).put(first.flip()).put(rest);
        assertThat(server.peer().read(all.flip())).containsExactly(Frames.data(1, abc), Frames.ping(7),
                Frames.data(1, def).endStream());
    }

    // ---------------------------------------------------------------- gathering writes

    /** A channel that takes at most {@code perWrite} octets per write and records the buffers it saw. */
    private static final class Sink implements GatheringByteChannel {
        final ByteArrayOutputStream octets = new ByteArrayOutputStream();
        final List<ByteBuffer> seen = new ArrayList<>();
        final int perWrite;
        int writes;
        int failAfter = Integer.MAX_VALUE;

        Sink(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (writes++ == failAfter) {
                throw new IOException("connection reset");
            }
            long left = perWrite;
            for (int i = offset; i < offset + length && left > 0; i++) {
                seen.add(srcs[i]);
                int n = (int) Math.min(left, srcs[i].remaining());
                byte[] chunk = new byte[n];
                srcs[i].get(chunk);
                octets.write(chunk, 0, n);
                left -= n;
            }
            return perWrite - left;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }

    @Test
    void aGatheringWriteHandsTheSharedBufferItselfToTheChannel() throws IOException {
        openAndRespond(1);
        String text = shareable("zero copy ");
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        server.conn.sendDataByReference(1, ByteBuffer.wrap(body), true);
        Sink sink = new Sink(Integer.MAX_VALUE);
        assertThat(server.conn.dataToSend(sink)).isEqualTo(9 + body.length);
        assertThat(server.conn.outboundSize()).isZero();
        assertThat(server.peer().read(ByteBuffer.wrap(sink.octets.toByteArray())))
                .containsExactly(Frames.data(1, text).endStream());
        // The second buffer the channel saw is a view of the caller's array, not a copy of it.
        assertThat(sink.seen).hasSize(2);
        assertThat(sink.seen.get(1).isReadOnly()).as("the channel cannot write into the caller's buffer").isTrue();
        body[0] = 'h';
        assertThat(ascii(sink.seen.get(1).rewind())).isEqualTo("h" + text.substring(1));
    }

    @Test
    void aChannelThatTakesLittleAtATimeGetsEveryOctetInOrder() throws IOException {
        openAndRespond(1);
        String two = shareable("two");
        String three = shareable("three");
        server.conn.sendData(1, ascii("one"), false);
        server.conn.sendDataByReference(1, ascii(two), false);
        server.conn.ping(1);
        server.conn.sendDataByReference(1, ascii(three), true);
        Sink sink = new Sink(100);
        long expected = server.conn.outboundSize();
        assertThat(server.conn.dataToSend(sink)).isEqualTo(expected);
        assertThat(sink.writes).isGreaterThan(20);
        assertThat(server.peer().read(ByteBuffer.wrap(sink.octets.toByteArray()))).containsExactly(
                Frames.data(1, "one"), Frames.data(1, two), Frames.ping(1), Frames.data(1, three).endStream());
    }

    @Test
    void aFullChannelLeavesTheRestQueued() throws IOException {
        openAndRespond(1);
        String text = shareable("abcdef");
        server.conn.sendDataByReference(1, ascii(text), true);
        Sink full = new Sink(0);
        assertThat(server.conn.dataToSend(full)).isZero();
        assertThat(server.conn.outboundSize()).isEqualTo(9 + text.length());
        assertThat(server.sent()).containsExactly(Frames.data(1, text).endStream());
    }

    @Test
    void octetsAChannelTookBeforeFailingAreNotSentAgain() {
        openAndRespond(1);
        String text = shareable("abcdef");
        server.conn.sendDataByReference(1, ascii(text), true);
        Sink failing = new Sink(500);
        failing.failAfter = 2;
        assertThatThrownBy(() -> server.conn.dataToSend(failing)).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertThat(server.conn.outboundSize()).isEqualTo(9 + text.length() - 1000);
        ByteBuffer rest = server.conn.dataToSend();
        assertThat(ascii(rest)).isEqualTo(text.substring(1000 - 9));
    }

    // ---------------------------------------------------------------- receiving views

    private static Scenario client(boolean copy) {
        Scenario client = Scenario.client(H2Configuration.client().withCopyReceivedData(copy));
        client.conn.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true);
        client.sent();
        client.receive(Frames.headers(1).response(200));
        return client;
    }

    private static DataReceived onlyData(List<Event> events) {
        assertThat(events).hasSize(1).first().isInstanceOf(DataReceived.class);
        return (DataReceived) events.get(0);
    }

    @Test
    void byDefaultAnEventOwnsItsCopyOfTheData() {
        Scenario client = client(true);
        ByteBuffer input = Frames.concat(Frames.data(1, "copied"));
        DataReceived data = onlyData(client.conn.receiveData(input));
        input.put(input.limit() - 1, (byte) '!');
        assertThat(ascii(data.data())).isEqualTo("copied");
    }

    @Test
    void withoutCopiesAnEventIsAViewOfTheInput() {
        Scenario client = client(false);
        ByteBuffer input = Frames.concat(Frames.data(1, "viewed"));
        DataReceived data = onlyData(client.conn.receiveData(input));
        assertThat(ascii(data.data())).isEqualTo("viewed");
        assertThat(data.data().isReadOnly()).isTrue();
        input.put(input.limit() - 1, (byte) '!');
        assertThat(ascii(data.data())).isEqualTo("viewe!");
    }

    @Test
    void aPayloadAssembledAcrossCallsIsCopiedBeforeTheNextSplitFrameReusesTheAssembly() {
        Scenario client = client(false);
        byte[] wire = Frames.concatBytes(Frames.data(1, "first"), Frames.data(1, "second"), Frames.data(1, "third")
                .endStream());
        // The first frame ends in the second input, which also starts the third frame: both go through
        // the parser's assembly buffer, the third overwriting it before the events reach the caller.
        int firstSplit = 9 + 2;
        int secondSplit = 14 + 15 + 9 + 2;
        assertThat(client.conn.receiveData(ByteBuffer.wrap(wire, 0, firstSplit).slice())).isEmpty();
        List<Event> events = client.conn.receiveData(ByteBuffer.wrap(wire, firstSplit, secondSplit - firstSplit).slice());
        assertThat(events).extracting(e -> ascii(((DataReceived) e).data())).containsExactly("first", "second");
        List<Event> last = client.conn.receiveData(ByteBuffer.wrap(wire, secondSplit, wire.length - secondSplit).slice());
        assertThat(last).hasSize(2);
        assertThat(ascii(((DataReceived) last.get(0)).data())).isEqualTo("third");
        assertThat(last.get(1)).isEqualTo(new StreamEnded(1));
    }
}

package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.frame.AltSvcFrame;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.OriginFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PriorityFrame;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.PriorityUpdateFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The frame tap behind h2j get -v: every frame each way, its wire length, and decoded field blocks. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrameTapTest {

    /** What a listener saw: direction, type, stream, length and fields. */
    record Seen(FrameListener.Direction direction, FrameType type, int streamId, int length, List<HeaderField> fields) {}

    @Test
    void theLengthIsTheLengthFieldOfEveryFrameType() {
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {1, 2, 3});
        List<Frame> frames = List.of(
                new DataFrame(1, bytes, false, -1),
                new DataFrame(1, bytes, true, 7),
                new HeadersFrame(1, bytes, false, true, Optional.empty(), -1),
                new HeadersFrame(1, bytes, true, true, Optional.of(new PrioritySpec(0, false, 16)), 4),
                new PriorityFrame(3, new PrioritySpec(1, true, 200)),
                new RstStreamFrame(1, ErrorCode.CANCEL),
                new SettingsFrame(false, List.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                        new Setting(SettingId.INITIAL_WINDOW_SIZE, 1))),
                new SettingsFrame(true, List.of()),
                new PushPromiseFrame(1, 2, bytes, true, 3),
                new PingFrame(true, 42),
                new GoAwayFrame(5, ErrorCode.PROTOCOL_ERROR, ByteBuffer.wrap("debug".getBytes())),
                new WindowUpdateFrame(0, 1000),
                new AltSvcFrame(0, "https://example.com", "h2=\":8443\""),
                new OriginFrame(List.of("https://a.example", "https://b.example")),
                new PriorityUpdateFrame(1, "u=1, i"),
                new UnknownFrame(0xfa, 0x3, 1, bytes));
        for (Frame frame : frames) {
            FrameBuffer out = new FrameBuffer();
            new FrameWriter().write(frame, out);
            byte[] wire = out.toByteArray();
            // RFC 9113 §4.1: the first 24 bits are the payload's length.
            int lengthField = (wire[0] & 0xff) << 16 | (wire[1] & 0xff) << 8 | wire[2] & 0xff;

            assertThat(FrameTap.payloadLength(frame)).as(frame.toString()).isEqualTo(lengthField);
        }
    }

    @Test
    void aFieldBlockSplitOverContinuationIsDecodedAtItsEnd() {
        List<Seen> seen = new ArrayList<>();
        FrameTap tap = new FrameTap(FrameListener.Direction.RECEIVED,
                (direction, frame, length, fields) -> seen.add(
                        new Seen(direction, frame.type(), frame.streamId(), length, fields)), false);
        List<HeaderField> fields = Headers.response(200).add("x-long", "v".repeat(100)).build();
        byte[] block = new HpackEncoder().encode(fields);
        FrameBuffer out = new FrameBuffer();
        FrameWriter writer = new FrameWriter();
        writer.write(new HeadersFrame(1, ByteBuffer.wrap(block, 0, 10), false, false, Optional.empty(), -1), out);
        writer.write(new ContinuationFrame(1, ByteBuffer.wrap(block, 10, block.length - 10), true), out);
        byte[] wire = out.toByteArray();

        // Fed one octet at a time: the tap parses incrementally, like the connection.
        for (byte octet : wire) {
            tap.accept(ByteBuffer.wrap(new byte[] {octet}));
        }

        assertThat(seen).containsExactly(
                new Seen(FrameListener.Direction.RECEIVED, FrameType.HEADERS, 1, 10, List.of()),
                new Seen(FrameListener.Direction.RECEIVED, FrameType.CONTINUATION, 1, block.length - 10, fields));
    }

    @Test
    void aConnectionReportsEveryFrameBothWaysInOrder() throws Exception {
        List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        FrameListener listener = (direction, frame, length, fields) ->
                seen.add(new Seen(direction, frame.type(), frame.streamId(), length, fields));
        try (TestServer server = TestServer.cleartext(request -> Reply.ok("tapped"));
                ClientConnection connection = H2Client.connect(server.uri("/"), ClientOptions.defaults()
                        .withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE).withFrameListener(listener))) {
            connection.execute(Request.newBuilder(server.uri("/tap")).header("x-a", "b").build());
        }

        List<Seen> sent = seen.stream().filter(s -> s.direction() == FrameListener.Direction.SENT).toList();
        List<Seen> received = seen.stream().filter(s -> s.direction() == FrameListener.Direction.RECEIVED).toList();
        // The preface is not a frame; our SETTINGS is the first, then the wider connection window.
        assertThat(sent.get(0).type()).isEqualTo(FrameType.SETTINGS);
        assertThat(sent.get(1)).isEqualTo(new Seen(FrameListener.Direction.SENT, FrameType.WINDOW_UPDATE, 0, 4,
                List.of()));
        Seen request = sent.stream().filter(s -> s.type() == FrameType.HEADERS).findFirst().orElseThrow();
        assertThat(request.streamId()).isEqualTo(1);
        assertThat(request.fields()).extracting(HeaderField::toString).containsExactly(":method: GET", ":scheme: http",
                ":authority: 127.0.0.1:" + request.fields().get(2).value().split(":")[1], ":path: /tap", "x-a: b");
        assertThat(sent.get(sent.size() - 1).type()).isEqualTo(FrameType.GOAWAY);
        assertThat(received.get(0).type()).isEqualTo(FrameType.SETTINGS);
        Seen response = received.stream().filter(s -> s.type() == FrameType.HEADERS).findFirst().orElseThrow();
        assertThat(response.fields()).containsExactly(HeaderField.of(":status", "200"));
        assertThat(received).contains(new Seen(FrameListener.Direction.RECEIVED, FrameType.DATA, 1, 6, List.of()));
    }
}

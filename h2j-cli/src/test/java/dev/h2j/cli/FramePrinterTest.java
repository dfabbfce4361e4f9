package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PriorityFrame;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.client.FrameListener.Direction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The -v lines of {@code h2j get}, nghttp -v style, exactly, for each kind of frame. */
class FramePrinterTest {
    final StringWriter text = new StringWriter();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final FramePrinter printer = new FramePrinter(new PrintWriter(text), clock::get);

    String printed() {
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void headersShowTheirFlagsPriorityAndFields() {
        clock.addAndGet(12_345_678);
        printer.frame(Direction.SENT, new HeadersFrame(1, ByteBuffer.allocate(30), true, true,
                Optional.of(new PrioritySpec(0, false, 16)), -1), 35,
                List.of(HeaderField.of(":method", "GET"), HeaderField.of(":path", "/")));

        assertThat(printed()).isEqualTo("""
                [  0.012] send HEADERS frame <length=35, flags=0x25, stream_id=1>
                          ; END_STREAM | END_HEADERS | PRIORITY
                          (padlen=0, dep_stream_id=0, weight=16, exclusive=0)
                          :method: GET
                          :path: /
                """);
    }

    @Test
    void controlFramesShowTheirFields() {
        printer.frame(Direction.RECEIVED, new SettingsFrame(false, List.of(
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100))), 6, List.of());
        printer.frame(Direction.RECEIVED, new SettingsFrame(true, List.of()), 0, List.of());
        printer.frame(Direction.SENT, new WindowUpdateFrame(0, 1000), 4, List.of());
        printer.frame(Direction.RECEIVED, new RstStreamFrame(3, ErrorCode.REFUSED_STREAM), 4, List.of());
        printer.frame(Direction.SENT, new PingFrame(true, 0x0102030405060708L), 8, List.of());
        printer.frame(Direction.RECEIVED, new GoAwayFrame(5, ErrorCode.ENHANCE_YOUR_CALM,
                ByteBuffer.wrap("calm".getBytes())), 12, List.of());
        printer.frame(Direction.SENT, new PriorityFrame(3, new PrioritySpec(1, true, 256)), 5, List.of());

        assertThat(printed()).isEqualTo("""
                [  0.000] recv SETTINGS frame <length=6, flags=0x00, stream_id=0>
                          (niv=1)
                          [SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]
                [  0.000] recv SETTINGS frame <length=0, flags=0x01, stream_id=0>
                          ; ACK
                          (niv=0)
                [  0.000] send WINDOW_UPDATE frame <length=4, flags=0x00, stream_id=0>
                          (window_size_increment=1000)
                [  0.000] recv RST_STREAM frame <length=4, flags=0x00, stream_id=3>
                          (error_code=REFUSED_STREAM(0x07))
                [  0.000] send PING frame <length=8, flags=0x01, stream_id=0>
                          ; ACK
                          (opaque_data=0102030405060708)
                [  0.000] recv GOAWAY frame <length=12, flags=0x00, stream_id=0>
                          (last_stream_id=5, error_code=ENHANCE_YOUR_CALM(0x0b), opaque_data(4)=[calm])
                [  0.000] send PRIORITY frame <length=5, flags=0x00, stream_id=3>
                          (dep_stream_id=1, weight=256, exclusive=1)
                """);
    }

    @Test
    void dataPushPromiseContinuationAndUnknownFrames() {
        printer.frame(Direction.RECEIVED, new DataFrame(1, ByteBuffer.allocate(10), true, 5), 16, List.of());
        printer.frame(Direction.RECEIVED, new PushPromiseFrame(1, 2, ByteBuffer.allocate(3), false, -1), 7, List.of());
        printer.frame(Direction.RECEIVED, new ContinuationFrame(1, ByteBuffer.allocate(3), true), 3,
                List.of(HeaderField.of(":path", "/pushed")));
        printer.frame(Direction.RECEIVED, new UnknownFrame(0xfa, 0x3, 0, ByteBuffer.allocate(2)), 2, List.of());

        assertThat(printed()).isEqualTo("""
                [  0.000] recv DATA frame <length=16, flags=0x09, stream_id=1>
                          ; END_STREAM | PADDED
                          (padlen=5)
                [  0.000] recv PUSH_PROMISE frame <length=7, flags=0x00, stream_id=1>
                          (padlen=0, promised_stream_id=2)
                [  0.000] recv CONTINUATION frame <length=3, flags=0x04, stream_id=1>
                          ; END_HEADERS
                          :path: /pushed
                [  0.000] recv UNKNOWN frame <length=2, flags=0x03, stream_id=0>
                          (type=0xfa)
                """);
    }

    @Test
    void theUpgradeHeadsAreIndentedLineByLine() {
        printer.upgrade(Direction.SENT, "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c");
        printer.note("Connecting to http://a:80");

        assertThat(printed()).isEqualTo("""
                [  0.000] HTTP Upgrade request
                          GET / HTTP/1.1
                          Host: a
                          Upgrade: h2c
                [  0.000] Connecting to http://a:80
                """);
    }
}

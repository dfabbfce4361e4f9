package dev.h2j.frame;

import static dev.h2j.frame.FrameBytes.buf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The writer refuses what the parser would reject, names the rule, and writes nothing when it refuses. */
class FrameWriterValidationTest {

    private final FrameWriter writer = new FrameWriter();

    private static void refused(Consumer<FrameBuffer> write, String rule) {
        FrameBuffer out = new FrameBuffer();
        WRITER_PRIME.accept(out);
        int before = out.size();
        assertThatThrownBy(() -> write.accept(out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule);
        assertThat(out.size()).as("a refused write writes nothing").isEqualTo(before);
    }

    private static final Consumer<FrameBuffer> WRITER_PRIME = out -> new FrameWriter().writeSettingsAck(out);

    @Test
    void dataOnStreamZeroIsRefused() {
        refused(out -> writer.writeData(0, buf("ab"), false, -1, out), "§6.1");
    }

    @Test
    void streamIdentifierAbove31BitsIsRefused() {
        refused(out -> writer.writeData(-1, buf("ab"), false, -1, out), "§4.1");
        refused(out -> writer.writeWindowUpdate(-5, 1, out), "§4.1");
        refused(out -> writer.writeGoAway(-1, ErrorCode.NO_ERROR, buf(""), out), "§4.1");
        refused(out -> writer.writeUnknown(0xfa, 0, -1, buf(""), out), "§4.1");
    }

    @Test
    void padLengthOutsideMinusOneTo255IsRefused() {
        refused(out -> writer.writeData(1, buf("ab"), false, 256, out), "§6.1");
        refused(out -> writer.writeData(1, buf("ab"), false, -2, out), "§6.1");
        refused(out -> writer.writeHeaders(1, buf("82"), false, 256, out), "§6.1");
        refused(out -> writer.writePushPromise(1, 2, buf("82"), -2, out), "§6.1");
    }

    @Test
    void weightOutside1To256IsRefused() {
        assertThatThrownBy(() -> new PrioritySpec(1, false, 0)).hasMessageContaining("§6.3");
        assertThatThrownBy(() -> new PrioritySpec(1, false, 257)).hasMessageContaining("§6.3");
        assertThatThrownBy(() -> new PrioritySpec(-1, false, 16)).hasMessageContaining("§4.1");
    }

    @Test
    void headersAndPushPromiseOnStreamZeroAreRefused() {
        refused(out -> writer.writeHeaders(0, buf("82"), false, -1, out), "§6.2");
        refused(out -> writer.writeHeaders(0, buf("82"), false, new PrioritySpec(0, false, 1), -1, out), "§6.2");
        refused(out -> writer.writePushPromise(0, 2, buf("82"), -1, out), "§6.6");
        refused(out -> writer.writePushPromise(1, 0, buf("82"), -1, out), "§6.6");
    }

    @Test
    void streamBoundControlFramesOnStreamZeroAreRefused() {
        refused(out -> writer.writePriority(0, new PrioritySpec(1, false, 1), out), "§6.3");
        refused(out -> writer.writeRstStream(0, ErrorCode.CANCEL, out), "§6.4");
        assertThatThrownBy(() -> new ContinuationFrame(0, buf(""), true)).hasMessageContaining("§6.10");
    }

    @Test
    void windowIncrementOfZeroIsRefused() {
        refused(out -> writer.writeWindowUpdate(1, 0, out), "§6.9");
        refused(out -> writer.writeWindowUpdate(0, Integer.MIN_VALUE, out), "§6.9");
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new Setting(SettingId.ENABLE_PUSH, 2)).hasMessageContaining("§6.5.2");
        assertThatThrownBy(() -> new Setting(SettingId.INITIAL_WINDOW_SIZE, 1L << 31)).hasMessageContaining("§6.5.2");
        assertThatThrownBy(() -> new Setting(SettingId.MAX_FRAME_SIZE, 16383)).hasMessageContaining("§6.5.2");
        assertThatThrownBy(() -> new Setting(SettingId.ENABLE_CONNECT_PROTOCOL, 2)).hasMessageContaining("RFC 8441");
        assertThatThrownBy(() -> new Setting(SettingId.NO_RFC7540_PRIORITIES, 2)).hasMessageContaining("RFC 9218");
        assertThatThrownBy(() -> new Setting(SettingId.of(0x99), 1L << 32)).hasMessageContaining("§6.5.1");
        assertThatThrownBy(() -> new Setting(SettingId.of(0x99), -1)).hasMessageContaining("§6.5.1");
        assertThatThrownBy(() -> SettingId.of(0x10000)).hasMessageContaining("§6.5.1");
        assertThatThrownBy(() -> SettingId.of(-1)).hasMessageContaining("§6.5.1");
    }

    @Test
    void settingsAckWithSettingsIsRefused() {
        assertThatThrownBy(() -> new SettingsFrame(true, List.of(new Setting(SettingId.ENABLE_PUSH, 0))))
                .hasMessageContaining("§6.5");
    }

    @Test
    void payloadAboveThePeersMaxFrameSizeIsRefused() {
        refused(out -> writer.writeData(1, ByteBuffer.allocate(16384), false, 0, out), "§4.2");
        refused(out -> writer.writeGoAway(0, ErrorCode.NO_ERROR, ByteBuffer.allocate(16377), out), "§4.2");
        refused(out -> writer.writeUnknown(0xfa, 0, 0, ByteBuffer.allocate(16385), out), "§4.2");
        refused(out -> writer.write(new ContinuationFrame(1, ByteBuffer.allocate(16385), true), out), "§4.2");
        refused(out -> writer.writeOrigin(List.of("a".repeat(8000), "b".repeat(8000), "c".repeat(400)), out),
                "§4.2");
    }

    @Test
    void payloadOfExactlyThePeersMaxFrameSizeIsWritten() {
        FrameBuffer out = new FrameBuffer();
        writer.writeData(1, ByteBuffer.allocate(16384 - 1), false, 0, out);
        assertThat(out.size()).isEqualTo(9 + 16384);
    }

    @Test
    void writerMaxFrameSizeOutsideTheRfcRangeIsRefused() {
        assertThatThrownBy(() -> writer.setMaxFrameSize(16383)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.setMaxFrameSize(1 << 24)).isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.maxFrameSize()).isEqualTo(16384);
    }

    @Test
    void tooSmallCallerBufferIsRefusedAndLeftUntouched() {
        ByteBuffer small = ByteBuffer.allocate(16);
        small.position(1);
        assertThatThrownBy(() -> writer.write(new PingFrame(false, 1), small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("17");
        assertThat(small.position()).isEqualTo(1);
        assertThat(small.array()).containsOnly(0);
    }

    @Test
    void littleEndianCallerBufferGetsBigEndianOctetsAndKeepsItsOrder() {
        ByteBuffer out = ByteBuffer.allocate(17).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        writer.write(new PingFrame(false, 0x0102030405060708L), out);
        assertThat(FrameBytes.hexOf(out.array())).isEqualTo("000008060000000000" + "0102030405060708");
        assertThat(out.order()).isEqualTo(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void invalidExtensionFramesAreRefused() {
        refused(out -> writer.writeAltSvc(0, "", "h2=\":443\"", out), "RFC 7838 §4");
        refused(out -> writer.writeAltSvc(1, "https://a", "h2=\":443\"", out), "RFC 7838 §4");
        refused(out -> writer.writeAltSvc(0, "\u0100", "", out), "U+100");
        refused(out -> writer.writeAltSvc(0, "a".repeat(65536), "", out), "16-bit");
        refused(out -> writer.writeOrigin(List.of("\u20ac"), out), "U+20ac");
        refused(out -> writer.writePriorityUpdate(0, "u=1", out), "RFC 9218 §7.1");
        refused(out -> writer.writePriorityUpdate(-1, "u=1", out), "RFC 9218 §7.1");
        refused(out -> writer.writeUnknown(256, 0, 0, buf(""), out), "§4.1");
        refused(out -> writer.writeUnknown(0xfa, -1, 0, buf(""), out), "§4.1");
    }

    @Test
    void nullComponentsAreRefused() {
        assertThatThrownBy(() -> new DataFrame(1, null, false, -1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new HeadersFrame(1, buf(""), false, true, null, -1))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PriorityFrame(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RstStreamFrame(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new GoAwayFrame(0, null, buf(""))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Setting(null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AltSvcFrame(0, null, "")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyWriteMethodProducesTheFrameItNames() {
        FrameBuffer out = new FrameBuffer();
        writer.writeData(1, buf("ab"), true, -1, out);
        writer.writeHeaders(1, buf("82"), true, -1, out);
        writer.writePriority(1, new PrioritySpec(0, false, 16), out);
        writer.writeRstStream(1, ErrorCode.CANCEL, out);
        writer.writeSettings(List.of(new Setting(SettingId.ENABLE_PUSH, 0)), out);
        writer.writeSettingsAck(out);
        writer.writePushPromise(1, 2, buf("82"), -1, out);
        writer.writePing(true, 9, out);
        writer.writeGoAway(1, ErrorCode.NO_ERROR, buf(""), out);
        writer.writeWindowUpdate(0, 100, out);
        writer.writeAltSvc(0, "a", "b", out);
        writer.writeOrigin(List.of("a"), out);
        writer.writePriorityUpdate(1, "u=1", out);
        writer.writeUnknown(0xfa, 1, 2, buf("00"), out);
        assertThat(FrameBytes.parseAll(out.toByteArray())).extracting(Frame::type).containsExactly(
                FrameType.DATA, FrameType.HEADERS, FrameType.PRIORITY, FrameType.RST_STREAM, FrameType.SETTINGS,
                FrameType.SETTINGS, FrameType.PUSH_PROMISE, FrameType.PING, FrameType.GOAWAY,
                FrameType.WINDOW_UPDATE, FrameType.ALTSVC, FrameType.ORIGIN, FrameType.PRIORITY_UPDATE,
                FrameType.UNKNOWN);
    }
}

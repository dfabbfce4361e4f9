package dev.h2j.frame;

import static dev.h2j.frame.FrameBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/** The growable output buffer: append at the end, drain from the front. */
class FrameBufferTest {

    private static final FrameWriter WRITER = new FrameWriter();

    private static void ping(FrameBuffer out, long data) {
        WRITER.writePing(false, data, out);
    }

    @Test
    void newBufferIsEmpty() {
        FrameBuffer out = new FrameBuffer();
        assertThat(out.size()).isZero();
        assertThat(out.isEmpty()).isTrue();
        assertThat(out.view().remaining()).isZero();
        assertThat(out.toByteArray()).isEmpty();
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        FrameBuffer out = new FrameBuffer(0);
        for (int i = 0; i < 100; i++) {
            ping(out, i);
        }
        assertThat(out.size()).isEqualTo(1700);
        ByteBuffer all = ByteBuffer.wrap(out.toByteArray());
        for (int i = 0; i < 100; i++) {
            assertThat(all.getLong(17 * i + 9)).isEqualTo(i);
        }
    }

    @Test
    void writeToDrainsWhatFitsFromTheFront() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        ping(out, 2);
        ByteBuffer dst = ByteBuffer.allocate(20);
        assertThat(out.writeTo(dst)).isEqualTo(20);
        assertThat(dst.hasRemaining()).isFalse();
        assertThat(out.size()).isEqualTo(14);
        ByteBuffer rest = ByteBuffer.allocate(100);
        assertThat(out.writeTo(rest)).isEqualTo(14);
        assertThat(out.isEmpty()).isTrue();
        assertThat(rest.position()).isEqualTo(14);
        assertThat(rest.getLong(6)).isEqualTo(2);
    }

    @Test
    void viewShowsPendingOctetsWithoutDrainingAndDiscardDrops() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        ByteBuffer view = out.view();
        assertThat(view.isReadOnly()).isTrue();
        assertThat(hexOf(FrameBytes.copy(view).array())).isEqualTo("000008060000000000" + "0000000000000001");
        assertThat(out.size()).isEqualTo(17);
        out.discard(9);
        assertThat(out.view().getLong()).isEqualTo(1);
        out.discard(8);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void discardOutsideThePendingOctetsIsRefused() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        assertThatThrownBy(() -> out.discard(18)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.discard(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.size()).isEqualTo(17);
    }

    @Test
    void clearDropsEverything() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        out.clear();
        assertThat(out.isEmpty()).isTrue();
        ping(out, 2);
        assertThat(out.view().getLong(9)).isEqualTo(2);
    }

    @Test
    void drainedSpaceIsReusedByCompacting() {
        FrameBuffer out = new FrameBuffer(40);
        ping(out, 1);
        ping(out, 2);
        out.discard(17);
        ping(out, 3);
        assertThat(out.size()).isEqualTo(34);
        ByteBuffer view = out.view();
        assertThat(view.getLong(9)).isEqualTo(2);
        assertThat(view.getLong(26)).isEqualTo(3);
    }

    @Test
    void growingKeepsOnlyPendingOctets() {
        FrameBuffer out = new FrameBuffer(20);
        ping(out, 1);
        out.discard(5);
        ping(out, 2);
        ping(out, 3);
        assertThat(out.size()).isEqualTo(12 + 34);
        assertThat(out.view().getLong(4)).isEqualTo(1);
    }

    @Test
    void growingBeyondTheLargestArrayIsRefusedBeforeAllocating() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        assertThatThrownBy(() -> out.reserve(Integer.MAX_VALUE - 20L)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most");
        assertThat(out.size()).isEqualTo(17);
        assertThat(out.isEmpty()).isFalse();
    }

    @Test
    void negativeInitialCapacityIsRefused() {
        assertThatThrownBy(() -> new FrameBuffer(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeToAReadOnlyBufferFails() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        assertThatThrownBy(() -> out.writeTo(ByteBuffer.allocate(4).asReadOnlyBuffer()))
                .isInstanceOf(ReadOnlyBufferException.class);
    }
}

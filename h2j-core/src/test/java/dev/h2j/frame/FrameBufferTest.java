package dev.h2j.frame;

import static dev.h2j.frame.FrameBytes.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
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
    void discardDropsFromTheFront() {
        FrameBuffer out = new FrameBuffer();
        ping(out, 1);
        assertThat(hexOf(out.toByteArray())).isEqualTo("000008060000000000" + "0000000000000001");
        out.discard(9);
        assertThat(ByteBuffer.wrap(out.toByteArray()).getLong()).isEqualTo(1);
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
        assertThat(ByteBuffer.wrap(out.toByteArray()).getLong(9)).isEqualTo(2);
    }

    @Test
    void drainedSpaceIsReusedByCompacting() {
        FrameBuffer out = new FrameBuffer(40);
        ping(out, 1);
        ping(out, 2);
        out.discard(17);
        ping(out, 3);
        assertThat(out.size()).isEqualTo(34);
        ByteBuffer view = ByteBuffer.wrap(out.toByteArray());
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
        assertThat(ByteBuffer.wrap(out.toByteArray()).getLong(4)).isEqualTo(1);
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

    // ---------------------------------------------------------------- shared buffers

    private static ByteBuffer octets(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.flip();
    }

    /** A buffer just long enough to be shared rather than copied, its octets counting up from {@code first}. */
    private static ByteBuffer shareable(int first) {
        ByteBuffer b = ByteBuffer.allocate(FrameBuffer.MIN_SHARED_LENGTH);
        for (int i = 0; i < b.capacity(); i++) {
            b.put((byte) (first + i));
        }
        return b.flip();
    }

    private static byte[] concat(ByteBuffer... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.array();
    }

    @Test
    void sharedOctetsGoOutBetweenTheOwnedOnesAroundThem() {
        FrameBuffer out = new FrameBuffer();
        out.write(octets(1, 2));
        ByteBuffer shared = shareable(3);
        out.share(shared);
        out.write(octets(6));
        assertThat(out.size()).isEqualTo(3 + FrameBuffer.MIN_SHARED_LENGTH);
        assertThat(shared.remaining()).as("the caller's buffer is not moved").isEqualTo(FrameBuffer.MIN_SHARED_LENGTH);
        assertThat(out.toByteArray()).containsExactly(concat(octets(1, 2), shared, octets(6)));
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertThat(out.writeTo(dst)).isEqualTo(4);
        assertThat(dst.array()).containsExactly(1, 2, 3, 4);
        out.discard(FrameBuffer.MIN_SHARED_LENGTH - 2);
        assertThat(out.toByteArray()).containsExactly(6);
        out.discard(1);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void aSharedBufferIsReadWhenDrained() {
        FrameBuffer out = new FrameBuffer();
        ByteBuffer shared = shareable(0);
        out.share(shared);
        shared.put(0, (byte) 99);
        assertThat(out.toByteArray()[0]).isEqualTo((byte) 99);
    }

    @Test
    void aShortBufferIsCopiedAtOnceInstead() {
        FrameBuffer out = new FrameBuffer();
        ByteBuffer small = octets(1, 2, 3);
        out.share(small);
        small.put(0, (byte) 99);
        assertThat(out.toByteArray()).containsExactly(1, 2, 3);
        assertThat(small.position()).isZero();
        out.share(ByteBuffer.allocate(0));
        assertThat(out.size()).isEqualTo(3);
    }

    @Test
    void manySharedBuffersKeepTheirOrderWhileTheQueueGrowsAndCompacts() {
        FrameBuffer out = new FrameBuffer(4);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream drained = new ByteArrayOutputStream();
        int next = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < round; i++) {
                ByteBuffer owned = octets(next++);
                ByteBuffer shared = shareable(next++);
                expected.writeBytes(concat(owned, shared));
                out.write(owned);
                out.share(shared);
            }
            // Drain all but a few octets, so that the queue rarely starts empty again.
            ByteBuffer dst = ByteBuffer.allocate(Math.max(0, out.size() - 3));
            out.writeTo(dst);
            drained.writeBytes(dst.array());
        }
        drained.writeBytes(out.toByteArray());
        assertThat(drained.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void growingTheOwnedOctetsKeepsSharedBuffersInPlace() {
        FrameBuffer out = new FrameBuffer(4);
        out.write(octets(1, 2, 3));
        ByteBuffer shared = shareable(4);
        out.share(shared);
        out.discard(2);
        out.write(octets(5, 6, 7, 8, 9));
        assertThat(out.toByteArray()).containsExactly(concat(octets(3), shared, octets(5, 6, 7, 8, 9)));
    }

    @Test
    void clearForgetsSharedBuffers() {
        FrameBuffer out = new FrameBuffer();
        out.write(octets(1));
        out.share(shareable(2));
        out.clear();
        assertThat(out.isEmpty()).isTrue();
        out.write(octets(4));
        assertThat(out.toByteArray()).containsExactly(4);
    }

    @Test
    void sharingBeyondTheLargestSizeIsRefused() {
        FrameBuffer out = new FrameBuffer();
        ByteBuffer huge = ByteBuffer.allocate(1 << 30);
        out.share(huge);
        assertThatThrownBy(() -> out.share(huge)).isInstanceOf(IllegalStateException.class).hasMessageContaining("at most");
        assertThat(out.size()).isEqualTo(1 << 30);
        // The owned octets and the shared ones together: refused before the array grows.
        assertThatThrownBy(() -> out.reserve(Integer.MAX_VALUE - (1 << 30))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at most");
        assertThat(out.size()).isEqualTo(1 << 30);
    }
}

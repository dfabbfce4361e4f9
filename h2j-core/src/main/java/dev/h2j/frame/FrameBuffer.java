package dev.h2j.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

/**
 * A growable output buffer of encoded frames: {@link FrameWriter} appends to its end, the I/O side
 * drains it from its front.
 *
 * <p>It grows as needed (doubling) and never shrinks; drained space is reused. Its only limit is the
 * largest array, about 2^31 octets (beyond it a write throws {@link IllegalStateException}): bounding
 * the outbound queue is the connection's job, which reads {@link #size()}.
 *
 * <p>Besides the octets it holds, it can queue buffers by reference ({@link #share(ByteBuffer)}): a large
 * DATA payload then goes out from the caller's buffer, by {@link #writeTo(GatheringByteChannel)} without
 * any copy, instead of being copied in and out. Such octets count in {@link #size()} like any other.
 *
 * <p>Not thread-safe: one owner at a time.
 */
public final class FrameBuffer {

    /** The default initial capacity: a frame header plus a default-size payload. */
    public static final int DEFAULT_INITIAL_CAPACITY = FrameParser.FRAME_HEADER_LENGTH + FrameParser.DEFAULT_MAX_FRAME_SIZE;

    // The largest array the JVM reliably allocates.
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    /**
     * Buffers shorter than this are copied by {@link #share(ByteBuffer)}: for a small payload the bookkeeping
     * of a reference (its duplicate, and one more buffer per gathering write and per receiving call) costs
     * more than the copy; ExchangeBenchmark's 100-octet bodies allocate about a fifth more per request when
     * referenced.
     */
    public static final int MIN_SHARED_LENGTH = 1024;

    private static final ByteBuffer[] NO_BUFFERS = {};
    private static final int[] NO_INDICES = {};

    private byte[] bytes;
    // The writer's view of {@code bytes}, re-wrapped only when the array grows, so writes allocate nothing.
    private ByteBuffer sink;
    private int readIndex;
    private int writeIndex;

    // Buffers queued by reference, oldest first from sharedHead: shared[i] goes out after the owned octets
    // before index sharedAt[i] of bytes, and before those from that index on. sharedOctets is what they
    // still hold.
    private ByteBuffer[] shared = NO_BUFFERS;
    private int[] sharedAt = NO_INDICES;
    private int sharedHead;
    private int sharedTail;
    private int sharedOctets;

    /** Creates an empty buffer with {@link #DEFAULT_INITIAL_CAPACITY}. */
    public FrameBuffer() {
        this(DEFAULT_INITIAL_CAPACITY);
    }

    /**
     * Creates an empty buffer.
     *
     * @param initialCapacity the initial capacity in octets
     * @throws IllegalArgumentException if {@code initialCapacity} is negative
     */
    public FrameBuffer(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initial capacity " + initialCapacity + " is negative");
        }
        bytes = new byte[initialCapacity];
        sink = ByteBuffer.wrap(bytes);
    }

    /**
     * Returns the number of octets written and not yet drained.
     *
     * @return the pending octet count
     */
    public int size() {
        return writeIndex - readIndex + sharedOctets;
    }

    /**
     * Tells whether no octets are pending.
     *
     * @return true if {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Discards every pending octet, and forgets every shared buffer; the capacity stays. */
    public void clear() {
        readIndex = 0;
        writeIndex = 0;
        Arrays.fill(shared, sharedHead, sharedTail, null);
        sharedHead = 0;
        sharedTail = 0;
        sharedOctets = 0;
    }

    /**
     * Drops octets from the front, as if they had been sent.
     *
     * @param count the octets to drop, 0 to {@link #size()}
     * @throws IllegalArgumentException if {@code count} is negative or more than {@link #size()}
     */
    public void discard(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("cannot discard " + count + " of " + size() + " pending octets");
        }
        drain(count, null);
    }

    /**
     * Moves as many pending octets as fit into {@code dst}, from the front.
     *
     * @param dst the destination; its position advances by the returned count
     * @return the octets moved: the smaller of {@link #size()} and {@code dst.remaining()}
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only and an octet is pending
     */
    public int writeTo(ByteBuffer dst) {
        int count = Math.min(size(), dst.remaining());
        drain(count, dst);
        return count;
    }

    /**
     * Writes pending octets to {@code channel} with gathering writes, the owned octets and the shared
     * buffers in order, without copying them first; stops when nothing is pending or a write takes no
     * octets (a non-blocking channel that is full). What the channel took is drained, also when it throws.
     *
     * @param channel the destination, for example a {@link java.nio.channels.SocketChannel}
     * @return the octets written, 0 or more
     * @throws IOException if the channel throws it
     */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        ByteBuffer[] views = views();
        long written = 0;
        int first = 0;
        try {
            while (first < views.length) {
                long n = channel.write(views, first, views.length - first);
                if (n <= 0) {
                    break;
                }
                written += n;
                while (first < views.length && !views[first].hasRemaining()) {
                    first++;
                }
            }
        } finally {
            discard((int) written);
        }
        return written;
    }

    /**
     * Returns a copy of the pending octets, shared ones included; drains nothing.
     *
     * @return a new array of {@link #size()} octets
     */
    public byte[] toByteArray() {
        ByteBuffer copy = ByteBuffer.allocate(size());
        for (ByteBuffer view : views()) {
            copy.put(view);
        }
        return copy.array();
    }

    /**
     * Appends the octets of {@code src} by reference, without copying them: they are read when they are
     * drained. Until then the caller must leave their content unchanged; the buffer's position and limit
     * are not touched (a read-only duplicate is kept, so no channel can write into it). Fewer than
     * {@link #MIN_SHARED_LENGTH} octets are copied in at once instead, which is cheaper.
     *
     * @param src the octets, between position and limit
     * @throws IllegalStateException if the pending octets would exceed the largest size
     */
    public void share(ByteBuffer src) {
        int count = src.remaining();
        if (count < MIN_SHARED_LENGTH) {
            ByteBuffer dst = reserve(count);
            dst.put(dst.position(), src, src.position(), count);
            return;
        }
        if ((long) size() + count > MAX_CAPACITY) {
            throw new IllegalStateException("a FrameBuffer holds at most " + MAX_CAPACITY + " octets, "
                    + size() + " are pending and " + count + " more were asked for");
        }
        if (sharedTail == shared.length) {
            int live = sharedTail - sharedHead;
            ByteBuffer[] buffers = 2 * live >= shared.length ? new ByteBuffer[Math.max(4, 2 * shared.length)] : shared;
            int[] indices = buffers == shared ? sharedAt : new int[buffers.length];
            System.arraycopy(shared, sharedHead, buffers, 0, live);
            System.arraycopy(sharedAt, sharedHead, indices, 0, live);
            Arrays.fill(buffers, live, sharedTail, null);
            shared = buffers;
            sharedAt = indices;
            sharedHead = 0;
            sharedTail = live;
        }
        shared[sharedTail] = src.asReadOnlyBuffer();
        sharedAt[sharedTail++] = writeIndex;
        sharedOctets += count;
    }

    /** Takes {@code count} octets (at most {@link #size()}) from the front; copies them to {@code dst} if given. */
    private void drain(int count, ByteBuffer dst) {
        int left = count;
        while (left > 0) {
            int owned = ownedRun();
            if (owned > 0) {
                int n = Math.min(owned, left);
                if (dst != null) {
                    dst.put(bytes, readIndex, n);
                }
                readIndex += n;
                left -= n;
            } else {
                ByteBuffer next = shared[sharedHead];
                int n = Math.min(next.remaining(), left);
                if (dst != null) {
                    dst.put(dst.position(), next, next.position(), n);
                    dst.position(dst.position() + n);
                }
                next.position(next.position() + n);
                sharedOctets -= n;
                left -= n;
                dropSharedIfDrained();
            }
        }
        if (isEmpty()) {
            clear();
        }
    }

    /** The owned octets from the front up to the next shared buffer (or the end). */
    private int ownedRun() {
        return (sharedHead < sharedTail ? sharedAt[sharedHead] : writeIndex) - readIndex;
    }

    private void dropSharedIfDrained() {
        if (!shared[sharedHead].hasRemaining()) {
            shared[sharedHead++] = null;
        }
    }

    /** Views of the pending octets in order: owned runs of {@code bytes} and duplicates of shared buffers. */
    private ByteBuffer[] views() {
        ByteBuffer[] views = new ByteBuffer[2 * (sharedTail - sharedHead) + 1];
        int count = 0;
        int from = readIndex;
        for (int i = sharedHead; i < sharedTail; i++) {
            if (sharedAt[i] > from) {
                views[count++] = ByteBuffer.wrap(bytes, from, sharedAt[i] - from);
                from = sharedAt[i];
            }
            views[count++] = shared[i].duplicate();
        }
        if (writeIndex > from) {
            views[count++] = ByteBuffer.wrap(bytes, from, writeIndex - from);
        }
        return count == views.length ? views : Arrays.copyOf(views, count);
    }

    /**
     * Appends raw octets that are not a frame, such as the client connection preface (RFC 9113 §3.4).
     *
     * @param src the octets, between position and limit; its position advances to its limit
     * @throws IllegalStateException if the buffer would exceed its largest size
     */
    public void write(ByteBuffer src) {
        reserve(src.remaining()).put(src);
    }

    /**
     * Appends {@code count} octets: returns the internal sink positioned at the end with exactly
     * {@code count} octets of room, and counts them as written. The caller must fill them all.
     */
    ByteBuffer reserve(long count) {
        if (bytes.length - writeIndex < count || sharedOctets != 0 && size() + count > MAX_CAPACITY) {
            makeRoom(count);
        }
        sink.limit(writeIndex + (int) count).position(writeIndex);
        writeIndex += (int) count;
        return sink;
    }

    private void makeRoom(long count) {
        if (size() + count > MAX_CAPACITY) {
            throw new IllegalStateException("a FrameBuffer holds at most " + MAX_CAPACITY + " octets, "
                    + size() + " are pending and " + count + " more were asked for");
        }
        int pending = writeIndex - readIndex;
        byte[] target = bytes;
        if (bytes.length - pending < count) {
            target = new byte[(int) Math.min(Math.max(2L * bytes.length, pending + count), MAX_CAPACITY)];
        }
        System.arraycopy(bytes, readIndex, target, 0, pending);
        for (int i = sharedHead; i < sharedTail; i++) {
            sharedAt[i] -= readIndex;
        }
        if (target != bytes) {
            bytes = target;
            sink = ByteBuffer.wrap(bytes);
        }
        readIndex = 0;
        writeIndex = pending;
    }
}

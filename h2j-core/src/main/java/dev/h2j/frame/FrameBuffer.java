package dev.h2j.frame;

import java.nio.ByteBuffer;

/**
 * A growable output buffer of encoded frames: {@link FrameWriter} appends to its end, the I/O side
 * drains it from its front.
 *
 * <p>It grows as needed (doubling) and never shrinks; drained space is reused. Its only limit is the
 * largest array, about 2^31 octets (beyond it a write throws {@link IllegalStateException}): bounding
 * the outbound queue is the connection's job, which reads {@link #size()}.
 *
 * <p>Not thread-safe: one owner at a time.
 */
public final class FrameBuffer {

    /** The default initial capacity: a frame header plus a default-size payload. */
    public static final int DEFAULT_INITIAL_CAPACITY = FrameParser.FRAME_HEADER_LENGTH + FrameParser.DEFAULT_MAX_FRAME_SIZE;

    // The largest array the JVM reliably allocates.
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] bytes;
    // The writer's view of {@code bytes}, re-wrapped only when the array grows, so writes allocate nothing.
    private ByteBuffer sink;
    private int readIndex;
    private int writeIndex;

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
        return writeIndex - readIndex;
    }

    /**
     * Tells whether no octets are pending.
     *
     * @return true if {@link #size()} is 0
     */
    public boolean isEmpty() {
        return writeIndex == readIndex;
    }

    /** Discards every pending octet; the capacity stays. */
    public void clear() {
        readIndex = 0;
        writeIndex = 0;
    }

    /**
     * Returns a read-only view of the pending octets, for gathering writes; valid until the next write,
     * {@link #discard(int)}, {@link #writeTo(ByteBuffer)} or {@link #clear()}. Reading it drains
     * nothing: call {@link #discard(int)} with what was sent.
     *
     * @return a read-only buffer whose remaining octets are the pending ones
     */
    public ByteBuffer view() {
        return ByteBuffer.wrap(bytes, readIndex, size()).slice().asReadOnlyBuffer();
    }

    /**
     * Drops octets from the front, after they were sent from {@link #view()}.
     *
     * @param count the octets to drop, 0 to {@link #size()}
     * @throws IllegalArgumentException if {@code count} is negative or more than {@link #size()}
     */
    public void discard(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("cannot discard " + count + " of " + size() + " pending octets");
        }
        readIndex += count;
        if (readIndex == writeIndex) {
            clear();
        }
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
        dst.put(bytes, readIndex, count);
        discard(count);
        return count;
    }

    /**
     * Returns a copy of the pending octets; drains nothing.
     *
     * @return a new array of {@link #size()} octets
     */
    public byte[] toByteArray() {
        byte[] copy = new byte[size()];
        System.arraycopy(bytes, readIndex, copy, 0, copy.length);
        return copy;
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
        if (bytes.length - writeIndex < count) {
            makeRoom(count);
        }
        sink.limit(writeIndex + (int) count).position(writeIndex);
        writeIndex += (int) count;
        return sink;
    }

    private void makeRoom(long count) {
        int pending = size();
        if (pending + count > MAX_CAPACITY) {
            throw new IllegalStateException("a FrameBuffer holds at most " + MAX_CAPACITY + " octets, "
                    + pending + " are pending and " + count + " more were asked for");
        }
        byte[] target = bytes;
        if (bytes.length - pending < count) {
            target = new byte[(int) Math.min(Math.max(2L * bytes.length, pending + count), MAX_CAPACITY)];
        }
        System.arraycopy(bytes, readIndex, target, 0, pending);
        if (target != bytes) {
            bytes = target;
            sink = ByteBuffer.wrap(bytes);
        }
        readIndex = 0;
        writeIndex = pending;
    }
}

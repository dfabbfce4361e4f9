package dev.h2j;

import java.nio.ByteBuffer;

/**
 * Octets a test hands to a connection as if a peer sent them: one frame ({@link TestFrame}), a header
 * block split over several frames, the client preface, or deliberately malformed bytes ({@link Frames#raw}).
 */
interface Wire {

    /** The octets, in a new array on every call. */
    byte[] bytes();

    /** The octets in a new heap buffer, positioned at 0, for {@code receiveData}. */
    default ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes());
    }
}

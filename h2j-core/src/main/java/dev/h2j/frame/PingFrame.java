package dev.h2j.frame;

/**
 * A PING frame (type 0x6): a round-trip probe, or its acknowledgement, with 8 opaque octets.
 *
 * @param ack whether the ACK flag (0x1) is set
 * @param opaqueData the 8 opaque octets as a big-endian {@code long}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.7">RFC 9113 §6.7</a>
 */
public record PingFrame(boolean ack, long opaqueData) implements Frame {

    /**
     * Returns 0: PING always applies to the connection.
     *
     * @return 0
     */
    @Override
    public int streamId() {
        return 0;
    }

    /**
     * Returns {@link FrameType#PING}.
     *
     * @return {@link FrameType#PING}
     */
    @Override
    public FrameType type() {
        return FrameType.PING;
    }

    @Override
    public int flags() {
        return Flags.set(ack, Flags.ACK);
    }
}

package dev.h2j.frame;

/**
 * An HTTP/2 frame, as parsed by {@link FrameParser} or written by {@link FrameWriter}: one record per
 * frame type, plus {@link UnknownFrame} for types h2j does not interpret.
 *
 * <p>Records validate their components on construction, so a frame value always describes a frame
 * the parser could have produced; payload {@link java.nio.ByteBuffer}s are held as given (not
 * copied). Frames produced by the parser hold read-only views that are valid only until the next
 * call of {@link FrameParser#next(java.nio.ByteBuffer)}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-4">RFC 9113 §4</a>
 */
public sealed interface Frame permits DataFrame, HeadersFrame, PriorityFrame, RstStreamFrame, SettingsFrame,
        PushPromiseFrame, PingFrame, GoAwayFrame, WindowUpdateFrame, ContinuationFrame, AltSvcFrame, OriginFrame,
        PriorityUpdateFrame, UnknownFrame {

    /**
     * Returns the stream identifier of the frame header.
     *
     * @return 0 for a frame about the connection, else the stream, at most 2^31-1
     */
    int streamId();

    /**
     * Returns the frame type, for dispatch with a {@code switch}.
     *
     * @return the type; {@link FrameType#UNKNOWN} for an {@link UnknownFrame}
     */
    FrameType type();

    /**
     * Returns the flags octet this frame has on the wire (RFC 9113 §4.1), derived from its components.
     *
     * @return the flags, 0 to 255
     */
    int flags();

    /**
     * Returns the type octet this frame has on the wire.
     *
     * @return the type code, 0 to 255
     */
    default int typeCode() {
        return type().code();
    }
}

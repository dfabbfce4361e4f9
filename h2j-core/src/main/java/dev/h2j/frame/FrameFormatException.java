package dev.h2j.frame;

/**
 * A peer sent bytes that break a frame-level rule of RFC 9113 §4 or §6 (or of an extension's frame
 * definition): thrown by {@link FrameParser#next(java.nio.ByteBuffer)}.
 *
 * <p>The exception carries the error code, the scope and the stream the RFC assigns to the rule,
 * so the connection can answer with RST_STREAM ({@link #isConnectionError()} false) or GOAWAY
 * without parsing the message. The message names the rule and its section.
 *
 * <p>Stackless: peers can trigger it at will, so it records no stack trace and stays cheap.
 */
public final class FrameFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The RFC 9113 §5.4 error classes; internal to the package, exposed as a boolean. */
    enum Scope {
        /** RFC 9113 §5.4.1: the whole connection is in error. */
        CONNECTION,
        /** RFC 9113 §5.4.2: one stream is in error; the connection continues. */
        STREAM,
    }

    /** The raw error code, not the ErrorCode record: records are not Serializable, exceptions are. */
    private final int errorCode;
    /** Whether the connection or only one stream is in error. */
    private final Scope scope;
    /** The type of the offending frame. */
    private final FrameType frameType;
    /** The stream identifier of the offending frame. */
    private final int streamId;
    /** The DATA octets still to charge to the connection window, for a stream error on DATA. */
    private final int flowControlledLength;
    /** Whether the frame's length exceeded SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2). */
    private boolean exceedsMaxFrameSize;
    /** Whether a SETTINGS value was outside its allowed range (RFC 9113 §6.5.2). */
    private boolean settingValueOutOfRange;

    private FrameFormatException(Scope scope, ErrorCode errorCode, FrameType frameType, int streamId,
            int flowControlledLength, String message) {
        super(message, null, false, false);
        this.scope = scope;
        this.errorCode = errorCode.code();
        this.frameType = frameType;
        this.streamId = streamId;
        this.flowControlledLength = flowControlledLength;
    }

    static FrameFormatException connection(ErrorCode code, FrameType type, int streamId, String rule) {
        return new FrameFormatException(Scope.CONNECTION, code, type, streamId, 0,
                "connection error " + code.name() + " (stream " + streamId + "): " + rule);
    }

    static FrameFormatException stream(ErrorCode code, FrameType type, int streamId, int flowControlledLength,
            String rule) {
        return new FrameFormatException(Scope.STREAM, code, type, streamId, flowControlledLength,
                "stream error " + code.name() + " on stream " + streamId + ": " + rule);
    }

    /** Marks the error as an oversize frame; returns this exception. */
    FrameFormatException exceedingMaxFrameSize() {
        exceedsMaxFrameSize = true;
        return this;
    }

    /**
     * Tells whether the frame was rejected because its length exceeds SETTINGS_MAX_FRAME_SIZE (RFC 9113
     * §4.2), rather than for a length its type does not allow.
     *
     * @return true for an oversize frame
     */
    public boolean exceedsMaxFrameSize() {
        return exceedsMaxFrameSize;
    }

    /** Marks the error as a setting value out of range; returns this exception. */
    FrameFormatException withSettingValueOutOfRange() {
        settingValueOutOfRange = true;
        return this;
    }

    /**
     * Tells whether a SETTINGS frame was rejected because a value is outside the range RFC 9113 §6.5.2
     * (or the RFC defining the setting) allows, rather than for its length or stream.
     *
     * @return true for a setting value out of range
     */
    public boolean settingValueOutOfRange() {
        return settingValueOutOfRange;
    }

    /**
     * Returns the error code the RFC assigns to the broken rule.
     *
     * @return the code to send in RST_STREAM or GOAWAY, never null
     */
    public ErrorCode errorCode() {
        return ErrorCode.of(errorCode);
    }

    /**
     * Returns the type of the offending frame: the connection needs it to answer a stream error on a
     * stream that has no state yet (RFC 9113 §5.1: on an idle stream only HEADERS and PRIORITY may arrive).
     *
     * @return the frame type, {@link FrameType#UNKNOWN} for an extension type
     */
    public FrameType frameType() {
        return frameType;
    }

    /**
     * Returns the stream identifier of the offending frame (0 for a frame on the connection).
     *
     * @return the stream the frame was sent on; for a stream error, the stream to reset
     */
    public int streamId() {
        return streamId;
    }

    /**
     * Returns the octets of a rejected DATA frame that the connection must still charge to the
     * connection flow-control window (RFC 9113 §6.9: a receiver MUST account for every flow-controlled
     * frame unless it treats it as a connection error). Non-zero only for a stream error on a DATA frame.
     *
     * @return the DATA frame's payload length for a stream error on DATA, else 0
     */
    public int flowControlledLength() {
        return flowControlledLength;
    }

    /**
     * Tells whether the error is a connection error (RFC 9113 §5.4.1) rather than a stream error
     * (§5.4.2). After a connection error the parser is {@link FrameParser.State#FAILED}.
     *
     * @return true if the connection must be closed with GOAWAY
     */
    public boolean isConnectionError() {
        return scope == Scope.CONNECTION;
    }
}

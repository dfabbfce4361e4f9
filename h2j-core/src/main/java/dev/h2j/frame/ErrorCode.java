package dev.h2j.frame;

/**
 * An HTTP/2 error code: a 32-bit value carried by RST_STREAM and GOAWAY frames.
 *
 * <p>An "enum that keeps unknown values": every code defined by RFC 9113 §7 has a constant, and any
 * other value received from a peer is kept as is, so it can be logged and re-sent unchanged
 * (RFC 9113 §7: unknown codes MUST NOT trigger special behaviour and MAY be treated as
 * {@link #INTERNAL_ERROR}; that choice belongs to the connection). The code is an unsigned 32-bit
 * number held in an {@code int}: {@link #unsignedCode()} returns it as a non-negative {@code long}.
 *
 * <p>Instances are immutable and thread-safe. {@link #of(int)} returns the shared constant for
 * known codes, so the parser allocates nothing for them.
 *
 * @param code the 32-bit code as sent on the wire (unsigned; values above 2^31-1 are negative here)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-7">RFC 9113 §7</a>
 */
public record ErrorCode(int code) {

    /** NO_ERROR (0x0): graceful shutdown, or no error. */
    public static final ErrorCode NO_ERROR = new ErrorCode(0x0);
    /** PROTOCOL_ERROR (0x1): an unspecific protocol error. */
    public static final ErrorCode PROTOCOL_ERROR = new ErrorCode(0x1);
    /** INTERNAL_ERROR (0x2): an unexpected internal error in the endpoint. */
    public static final ErrorCode INTERNAL_ERROR = new ErrorCode(0x2);
    /** FLOW_CONTROL_ERROR (0x3): the peer violated the flow-control protocol. */
    public static final ErrorCode FLOW_CONTROL_ERROR = new ErrorCode(0x3);
    /** SETTINGS_TIMEOUT (0x4): a SETTINGS frame was not acknowledged in time. */
    public static final ErrorCode SETTINGS_TIMEOUT = new ErrorCode(0x4);
    /** STREAM_CLOSED (0x5): a frame arrived after the stream was half-closed. */
    public static final ErrorCode STREAM_CLOSED = new ErrorCode(0x5);
    /** FRAME_SIZE_ERROR (0x6): a frame had an invalid size. */
    public static final ErrorCode FRAME_SIZE_ERROR = new ErrorCode(0x6);
    /** REFUSED_STREAM (0x7): the stream was refused before any application processing. */
    public static final ErrorCode REFUSED_STREAM = new ErrorCode(0x7);
    /** CANCEL (0x8): the stream is no longer needed. */
    public static final ErrorCode CANCEL = new ErrorCode(0x8);
    /** COMPRESSION_ERROR (0x9): the field-section compression context cannot be maintained. */
    public static final ErrorCode COMPRESSION_ERROR = new ErrorCode(0x9);
    /** CONNECT_ERROR (0xa): the connection of a CONNECT request was reset or closed abnormally. */
    public static final ErrorCode CONNECT_ERROR = new ErrorCode(0xa);
    /** ENHANCE_YOUR_CALM (0xb): the peer behaves in a way that may be generating excessive load. */
    public static final ErrorCode ENHANCE_YOUR_CALM = new ErrorCode(0xb);
    /** INADEQUATE_SECURITY (0xc): the transport does not meet minimum security requirements. */
    public static final ErrorCode INADEQUATE_SECURITY = new ErrorCode(0xc);
    /** HTTP_1_1_REQUIRED (0xd): the request must be retried over HTTP/1.1. */
    public static final ErrorCode HTTP_1_1_REQUIRED = new ErrorCode(0xd);

    // Indexed by code: the RFC 9113 §7 codes are dense from 0x0 to 0xd.
    private static final ErrorCode[] KNOWN = {
        NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, SETTINGS_TIMEOUT, STREAM_CLOSED,
        FRAME_SIZE_ERROR, REFUSED_STREAM, CANCEL, COMPRESSION_ERROR, CONNECT_ERROR, ENHANCE_YOUR_CALM,
        INADEQUATE_SECURITY, HTTP_1_1_REQUIRED,
    };

    private static final String[] NAMES = {
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
        "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
        "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    };

    /**
     * Returns the error code with the given wire value: the shared constant when the code is known,
     * a new instance otherwise.
     *
     * @param code the 32-bit code as read from the wire
     * @return the error code, never null
     */
    public static ErrorCode of(int code) {
        return isKnown(code) ? KNOWN[code] : new ErrorCode(code);
    }

    /**
     * Returns the RFC name of this code ({@code "PROTOCOL_ERROR"}), or {@code "UNKNOWN_0x"} followed
     * by the lower-case hexadecimal value for a code the RFC does not define.
     *
     * @return the name, never null
     */
    public String name() {
        return isKnown(code) ? NAMES[code] : "UNKNOWN_0x" + Integer.toHexString(code);
    }

    /**
     * Tells whether RFC 9113 §7 defines this code.
     *
     * @return true for NO_ERROR through HTTP_1_1_REQUIRED
     */
    public boolean isKnown() {
        return isKnown(code);
    }

    /**
     * Returns the code as an unsigned 32-bit number.
     *
     * @return the code, 0 to 2^32-1
     */
    public long unsignedCode() {
        return Integer.toUnsignedLong(code);
    }

    /**
     * Returns {@link #name()}.
     *
     * @return the RFC name of this code
     */
    @Override
    public String toString() {
        return name();
    }

    private static boolean isKnown(int code) {
        return code >= 0 && code < KNOWN.length;
    }
}

package dev.h2j.frame;

/**
 * The frame types h2j understands, with their 8-bit wire codes, plus {@link #UNKNOWN} for every
 * other code.
 *
 * <p>Connection code dispatches on {@link Frame#type()} with a {@code switch}; because
 * {@link UnknownFrame#type()} is {@link #UNKNOWN} rather than null, such a switch is total.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6">RFC 9113 §6</a>
 */
public enum FrameType {
    /** DATA (0x0), RFC 9113 §6.1. */
    DATA(0x0),
    /** HEADERS (0x1), RFC 9113 §6.2. */
    HEADERS(0x1),
    /** PRIORITY (0x2), RFC 9113 §6.3. */
    PRIORITY(0x2),
    /** RST_STREAM (0x3), RFC 9113 §6.4. */
    RST_STREAM(0x3),
    /** SETTINGS (0x4), RFC 9113 §6.5. */
    SETTINGS(0x4),
    /** PUSH_PROMISE (0x5), RFC 9113 §6.6. */
    PUSH_PROMISE(0x5),
    /** PING (0x6), RFC 9113 §6.7. */
    PING(0x6),
    /** GOAWAY (0x7), RFC 9113 §6.8. */
    GOAWAY(0x7),
    /** WINDOW_UPDATE (0x8), RFC 9113 §6.9. */
    WINDOW_UPDATE(0x8),
    /** CONTINUATION (0x9), RFC 9113 §6.10. */
    CONTINUATION(0x9),
    /** ALTSVC (0xa), RFC 7838 §4. */
    ALTSVC(0xa),
    /** ORIGIN (0xc), RFC 8336 §2. */
    ORIGIN(0xc),
    /** PRIORITY_UPDATE (0x10), RFC 9218 §7.1. */
    PRIORITY_UPDATE(0x10),
    /**
     * Any type code not listed above, and frames h2j does not interpret; its {@link #code()} is -1
     * and the wire code is {@link UnknownFrame#typeCode()}.
     */
    UNKNOWN(-1);

    // Indexed by wire code; a null slot is an unknown type.
    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType type : values()) {
            if (type != UNKNOWN) {
                BY_CODE[type.code] = type;
            }
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /**
     * Returns the 8-bit type code sent on the wire.
     *
     * @return the code, 0 to 255, or -1 for {@link #UNKNOWN}
     */
    public int code() {
        return code;
    }

    /**
     * Returns the known frame type with the given wire code.
     *
     * @param code the type code as read from the wire, 0 to 255
     * @return the type, or null if h2j does not know the code (or it is outside 0 to 255)
     */
    public static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}

package dev.h2j.frame;

/**
 * The identifier of an HTTP/2 setting: a 16-bit value in a SETTINGS frame.
 *
 * <p>An "enum that keeps unknown values": every setting h2j understands has a constant; any other
 * identifier received from a peer is kept (RFC 9113 §6.5.2: an endpoint that receives a setting
 * with an unknown identifier MUST ignore it), so the connection can skip it while the parser
 * still reports the frame faithfully.
 *
 * <p>Instances are immutable and thread-safe. {@link #of(int)} returns the shared constant for
 * known identifiers.
 *
 * @param id the 16-bit identifier, 0 to 0xffff
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.2">RFC 9113 §6.5.2</a>
 */
public record SettingId(int id) {

    /** SETTINGS_HEADER_TABLE_SIZE (0x1): the maximum HPACK dynamic table size the sender allows. */
    public static final SettingId HEADER_TABLE_SIZE = new SettingId(0x1);
    /** SETTINGS_ENABLE_PUSH (0x2): 0 or 1, whether server push is allowed. */
    public static final SettingId ENABLE_PUSH = new SettingId(0x2);
    /** SETTINGS_MAX_CONCURRENT_STREAMS (0x3): the maximum number of streams the sender permits. */
    public static final SettingId MAX_CONCURRENT_STREAMS = new SettingId(0x3);
    /** SETTINGS_INITIAL_WINDOW_SIZE (0x4): the initial stream flow-control window, at most 2^31-1. */
    public static final SettingId INITIAL_WINDOW_SIZE = new SettingId(0x4);
    /** SETTINGS_MAX_FRAME_SIZE (0x5): the largest frame payload the sender accepts, 2^14 to 2^24-1. */
    public static final SettingId MAX_FRAME_SIZE = new SettingId(0x5);
    /** SETTINGS_MAX_HEADER_LIST_SIZE (0x6): advisory maximum field-section size. */
    public static final SettingId MAX_HEADER_LIST_SIZE = new SettingId(0x6);
    /**
     * SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8): 0 or 1, whether extended CONNECT is supported.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc8441#section-3">RFC 8441 §3</a>
     */
    public static final SettingId ENABLE_CONNECT_PROTOCOL = new SettingId(0x8);
    /**
     * SETTINGS_NO_RFC7540_PRIORITIES (0x9): 0 or 1, whether RFC 7540 priorities are disabled.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-2.1">RFC 9218 §2.1</a>
     */
    public static final SettingId NO_RFC7540_PRIORITIES = new SettingId(0x9);

    // Indexed by identifier; null marks 0x0 and 0x7, which no RFC h2j implements defines.
    private static final SettingId[] KNOWN = {
        null, HEADER_TABLE_SIZE, ENABLE_PUSH, MAX_CONCURRENT_STREAMS, INITIAL_WINDOW_SIZE, MAX_FRAME_SIZE,
        MAX_HEADER_LIST_SIZE, null, ENABLE_CONNECT_PROTOCOL, NO_RFC7540_PRIORITIES,
    };

    private static final String[] NAMES = {
        null, "HEADER_TABLE_SIZE", "ENABLE_PUSH", "MAX_CONCURRENT_STREAMS", "INITIAL_WINDOW_SIZE",
        "MAX_FRAME_SIZE", "MAX_HEADER_LIST_SIZE", null, "ENABLE_CONNECT_PROTOCOL", "NO_RFC7540_PRIORITIES",
    };

    /**
     * Creates a setting identifier.
     *
     * @param id the 16-bit identifier
     * @throws IllegalArgumentException if {@code id} is outside 0 to 0xffff
     */
    public SettingId {
        if (id < 0 || id > 0xffff) {
            // RFC 9113 §6.5.1: a setting identifier is 16 bits
            throw new IllegalArgumentException("RFC 9113 §6.5.1: setting identifier " + id + " is not 16 bits");
        }
    }

    /**
     * Returns the setting identifier with the given wire value: the shared constant when known,
     * a new instance otherwise.
     *
     * @param id the 16-bit identifier as read from the wire
     * @return the identifier, never null
     * @throws IllegalArgumentException if {@code id} is outside 0 to 0xffff
     */
    public static SettingId of(int id) {
        return isKnown(id) ? KNOWN[id] : new SettingId(id);
    }

    /**
     * Returns the RFC name without its {@code SETTINGS_} prefix ({@code "MAX_FRAME_SIZE"}), or
     * {@code "UNKNOWN_0x"} followed by the lower-case hexadecimal identifier.
     *
     * @return the name, never null
     */
    public String name() {
        return isKnown(id) ? NAMES[id] : "UNKNOWN_0x" + Integer.toHexString(id);
    }

    /**
     * Tells whether h2j knows this setting (RFC 9113 §6.5.2, RFC 8441 §3 or RFC 9218 §2.1).
     *
     * @return true for the identifiers that have a constant
     */
    public boolean isKnown() {
        return isKnown(id);
    }

    /**
     * Returns {@link #name()}.
     *
     * @return the name of this identifier
     */
    @Override
    public String toString() {
        return name();
    }

    private static boolean isKnown(int id) {
        return id >= 0 && id < KNOWN.length && KNOWN[id] != null;
    }
}

package dev.h2j.frame;

import java.util.Objects;

/**
 * One setting of a SETTINGS frame: a 16-bit identifier and a 32-bit unsigned value.
 *
 * <p>Values of known settings are checked against the ranges RFC 9113 §6.5.2, RFC 8441 §3 and
 * RFC 9218 §2.1 allow; settings with unknown identifiers accept any 32-bit value.
 *
 * @param id the identifier, known or not
 * @param value the value, 0 to 2^32-1
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.1">RFC 9113 §6.5.1</a>
 */
public record Setting(SettingId id, long value) {

    /** The largest SETTINGS_INITIAL_WINDOW_SIZE: RFC 9113 §6.5.2, 2^31-1. */
    static final long MAX_INITIAL_WINDOW_SIZE = 0x7fffffffL;
    /** The smallest SETTINGS_MAX_FRAME_SIZE, and its initial value: RFC 9113 §6.5.2, 2^14. */
    static final int MIN_MAX_FRAME_SIZE = 0x4000;
    /** The largest SETTINGS_MAX_FRAME_SIZE: RFC 9113 §6.5.2, 2^24-1. */
    static final int MAX_MAX_FRAME_SIZE = 0xffffff;

    /**
     * Validates the components.
     *
     * @param id the {@code id} component, described above
     * @param value the {@code value} component, described above
     * @throws IllegalArgumentException if {@code value} is not 32 bits, or is outside the range the RFC
     *     allows for a known setting
     * @throws NullPointerException if {@code id} is null
     */
    public Setting {
        Objects.requireNonNull(id, "id");
        if (value < 0 || value > 0xffffffffL) {
            // RFC 9113 §6.5.1: a setting value is 32 bits
            throw new IllegalArgumentException("RFC 9113 §6.5.1: setting value " + value + " is not 32 bits");
        }
        requireAllowed(id.id(), value);
    }

    /** Throws IllegalArgumentException naming the rule if {@link #violation} finds one. */
    static void requireAllowed(int id, long value) {
        String violation = violation(id, value);
        if (violation != null) {
            throw new IllegalArgumentException(violation);
        }
    }

    /**
     * Returns the rule a value breaks, or null if the value is allowed; shared by the record and the
     * parser, which must throw {@link FrameFormatException} instead.
     */
    static String violation(int id, long value) {
        switch (id) {
            case 0x2:
                // RFC 9113 §6.5.2: any ENABLE_PUSH value other than 0 or 1 is a connection error PROTOCOL_ERROR
                return value > 1 ? "RFC 9113 §6.5.2: SETTINGS_ENABLE_PUSH " + value + " is not 0 or 1" : null;
            case 0x4:
                // RFC 9113 §6.5.2: INITIAL_WINDOW_SIZE above 2^31-1 is a connection error FLOW_CONTROL_ERROR
                return value > MAX_INITIAL_WINDOW_SIZE
                        ? "RFC 9113 §6.5.2: SETTINGS_INITIAL_WINDOW_SIZE " + value + " is above 2^31-1" : null;
            case 0x5:
                // RFC 9113 §6.5.2: MAX_FRAME_SIZE outside 2^14..2^24-1 is a connection error PROTOCOL_ERROR
                return value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE
                        ? "RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE " + value + " is outside 16384..16777215" : null;
            case 0x8:
                // RFC 8441 §3: the value of SETTINGS_ENABLE_CONNECT_PROTOCOL MUST be 0 or 1
                return value > 1 ? "RFC 8441 §3: SETTINGS_ENABLE_CONNECT_PROTOCOL " + value + " is not 0 or 1" : null;
            case 0x9:
                // RFC 9218 §2.1: NO_RFC7540_PRIORITIES other than 0 or 1 is a connection error PROTOCOL_ERROR
                return value > 1 ? "RFC 9218 §2.1: SETTINGS_NO_RFC7540_PRIORITIES " + value + " is not 0 or 1" : null;
            default:
                return null;
        }
    }
}

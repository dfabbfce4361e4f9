package dev.h2j.frame;

import java.util.List;

/**
 * A SETTINGS frame (type 0x4): configuration parameters, or the acknowledgement of the peer's.
 *
 * <p>Settings keep their wire order and duplicates: RFC 9113 §6.5.3 says values are processed in
 * the order they appear, so the connection applies them in list order. Unknown identifiers are kept.
 *
 * @param ack whether the ACK flag (0x1) is set; an acknowledgement carries no settings
 * @param settings the settings in wire order, immutable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5">RFC 9113 §6.5</a>
 */
public record SettingsFrame(boolean ack, List<Setting> settings) implements Frame {

    /** The acknowledgement: a SETTINGS frame with the ACK flag and no settings. */
    public static final SettingsFrame ACK = new SettingsFrame(true, List.of());

    /**
     * Validates the components and copies the list.
     *
     * @param ack the {@code ack} component, described above
     * @param settings the {@code settings} component, described above
     * @throws IllegalArgumentException if {@code ack} is set and {@code settings} is not empty
     * @throws NullPointerException if {@code settings} or one of its elements is null
     */
    public SettingsFrame {
        settings = List.copyOf(settings);
        if (ack && !settings.isEmpty()) {
            // RFC 9113 §6.5: a SETTINGS frame with ACK and a non-empty payload is a FRAME_SIZE_ERROR
            throw new IllegalArgumentException("RFC 9113 §6.5: a SETTINGS acknowledgement carries no settings");
        }
    }

    /**
     * Returns 0: SETTINGS always apply to the connection.
     *
     * @return 0
     */
    @Override
    public int streamId() {
        return 0;
    }

    /**
     * Returns {@link FrameType#SETTINGS}.
     *
     * @return {@link FrameType#SETTINGS}
     */
    @Override
    public FrameType type() {
        return FrameType.SETTINGS;
    }

    @Override
    public int flags() {
        return Flags.set(ack, Flags.ACK);
    }
}

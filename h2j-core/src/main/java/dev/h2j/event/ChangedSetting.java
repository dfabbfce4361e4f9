package dev.h2j.event;

import dev.h2j.frame.SettingId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One setting's value before and after a SETTINGS frame took effect; a part of
 * {@link RemoteSettingsChanged} and {@link SettingsAcknowledged}, not an event of its own.
 *
 * <p>When a frame lists the same setting more than once, the values are applied in order
 * (RFC 9113 §6.5.3) and {@code newValue} is the last one.
 *
 * @param setting the setting identifier, known to h2j or not
 * @param originalValue the value in force before the frame; empty when the setting had no value
 *     before (for example an identifier h2j does not know that was never sent before), 0 to 2^32-1
 *     when present
 * @param newValue the value in force now, 0 to 2^32-1
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.2">RFC 9113 §6.5.2</a>
 */
public record ChangedSetting(SettingId setting, OptionalLong originalValue, long newValue) {

    /**
     * Validates the components.
     *
     * @param setting the {@code setting} component, described above
     * @param originalValue the {@code originalValue} component, described above
     * @param newValue the {@code newValue} component, described above
     * @throws IllegalArgumentException if {@code newValue}, or {@code originalValue} when present, is
     *     outside 0 to 2^32-1
     * @throws NullPointerException if {@code setting} or {@code originalValue} is null
     */
    public ChangedSetting {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(originalValue, "originalValue");
        if (originalValue.isPresent()) {
            requireValue(originalValue.getAsLong(), "original value");
        }
        requireValue(newValue, "new value");
    }

    private static void requireValue(long value, String what) {
        if (value < 0 || value > 0xffffffffL) {
            // RFC 9113 §6.5.1: a setting value is an unsigned 32-bit integer
            throw new IllegalArgumentException("RFC 9113 §6.5.1: setting " + what + " " + value + " is not 32 bits");
        }
    }
}

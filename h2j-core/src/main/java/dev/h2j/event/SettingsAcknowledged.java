package dev.h2j.event;

import dev.h2j.frame.SettingId;
import java.util.Map;

/**
 * The peer acknowledged this side's oldest unacknowledged SETTINGS frame: the values it carried now
 * apply to what the peer sends (RFC 9113 §6.5.3).
 *
 * <p>Local settings take effect only when acknowledged, so until this event the connection still
 * enforces the previous values. The map holds one entry per setting of the acknowledged frame, in the
 * order each setting first appears in it; an empty frame gives an empty map.
 *
 * @param changedSettings each setting of the acknowledged frame, mapped to its change, in frame order,
 *     unmodifiable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.3">RFC 9113 §6.5.3</a>
 */
public record SettingsAcknowledged(Map<SettingId, ChangedSetting> changedSettings) implements Event {

    /**
     * Validates and copies the map, keeping its iteration order.
     *
     * @param changedSettings the {@code changedSettings} component, described above
     * @throws IllegalArgumentException if a key is not its value's {@link ChangedSetting#setting()}
     * @throws NullPointerException if {@code changedSettings}, one of its keys or one of its values is null
     */
    public SettingsAcknowledged {
        changedSettings = Checks.changedSettings(changedSettings);
    }
}

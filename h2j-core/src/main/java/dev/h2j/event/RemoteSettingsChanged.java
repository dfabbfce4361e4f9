package dev.h2j.event;

import dev.h2j.frame.SettingId;
import java.util.Map;

/**
 * The peer's SETTINGS frame was applied: its values are in force for what this side sends from now on,
 * and the SETTINGS acknowledgement is already queued (RFC 9113 §6.5.3).
 *
 * <p>The map holds one entry per setting the frame listed, in the order each setting first appears in
 * the frame; a setting listed twice has one entry whose {@link ChangedSetting#newValue()} is the last
 * value. An empty SETTINGS frame gives an empty map. Settings h2j does not know are included too,
 * although they change nothing (RFC 9113 §6.5.2: unknown settings are ignored).
 *
 * @param changedSettings each setting the frame listed, mapped to its change, in frame order,
 *     unmodifiable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.3">RFC 9113 §6.5.3</a>
 */
public record RemoteSettingsChanged(Map<SettingId, ChangedSetting> changedSettings) implements Event {

    /**
     * Validates and copies the map, keeping its iteration order.
     *
     * @param changedSettings the {@code changedSettings} component, described above
     * @throws IllegalArgumentException if a key is not its value's {@link ChangedSetting#setting()}
     * @throws NullPointerException if {@code changedSettings}, one of its keys or one of its values is null
     */
    public RemoteSettingsChanged {
        changedSettings = Checks.changedSettings(changedSettings);
    }
}

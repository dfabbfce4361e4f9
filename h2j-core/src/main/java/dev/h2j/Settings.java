package dev.h2j;

import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The settings in force in one direction of a connection: each known setting starts at its RFC
 * initial value and changes as SETTINGS frames are applied. Immutable; the connection hands out a new
 * snapshot after each change.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.2">RFC 9113 §6.5.2</a>
 */
public final class Settings {
    /** RFC 9113 §6.5.2: the settings' initial values; MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE have none. */
    private static final Settings INITIAL = new Settings(
            new int[] {SettingId.HEADER_TABLE_SIZE.id(), SettingId.ENABLE_PUSH.id(), SettingId.INITIAL_WINDOW_SIZE.id(),
                SettingId.MAX_FRAME_SIZE.id(), SettingId.ENABLE_CONNECT_PROTOCOL.id(),
                SettingId.NO_RFC7540_PRIORITIES.id()},
            new long[] {4096, 1, 65_535, 16_384, 0, 0});
    /** What {@link #maxConcurrentStreams()} and {@link #maxHeaderListSize()} report when never set. */
    private static final long UNLIMITED = 0xffffffffL;

    // The identifiers and their values, in the order first set: two small arrays rather than a map of
    // boxed values, as each connection keeps two of these (h2j-bench Footprint: about 700 octets less
    // per idle connection); a handful of entries is searched faster than it is hashed.
    private final int[] ids;
    private final long[] values;

    private Settings(int[] ids, long[] values) {
        this.ids = ids;
        this.values = values;
    }

    /**
     * Returns the settings before any SETTINGS frame: the initial values of RFC 9113 §6.5.2, RFC 8441 §3
     * and RFC 9218 §2.1.
     *
     * @return the initial settings
     */
    public static Settings initial() {
        return INITIAL;
    }

    /**
     * Returns these settings with {@code changes} applied in order.
     *
     * @param changes the settings of one SETTINGS frame
     * @return the new settings
     * @throws NullPointerException if {@code changes} or an element is null
     */
    public Settings with(List<Setting> changes) {
        int[] newIds = Arrays.copyOf(ids, ids.length + changes.size());
        long[] newValues = Arrays.copyOf(values, newIds.length);
        int count = ids.length;
        for (Setting s : changes) {
            int id = s.id().id();
            int at = indexOf(newIds, count, id);
            if (at < 0) {
                at = count++;
                newIds[at] = id;
            }
            newValues[at] = s.value();
        }
        return new Settings(Arrays.copyOf(newIds, count), Arrays.copyOf(newValues, count));
    }

    private static int indexOf(int[] ids, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** The value of a setting, or {@code otherwise} when it has none. */
    private long value(SettingId id, long otherwise) {
        int at = indexOf(ids, ids.length, id.id());
        return at < 0 ? otherwise : values[at];
    }

    /**
     * Returns the value of a setting.
     *
     * @param id the setting
     * @return its value, or empty when it has no initial value and was never set
     * @throws NullPointerException if {@code id} is null
     */
    public OptionalLong get(SettingId id) {
        int at = indexOf(ids, ids.length, Objects.requireNonNull(id, "id").id());
        return at < 0 ? OptionalLong.empty() : OptionalLong.of(values[at]);
    }

    /**
     * Returns every setting with a value, in the order first set.
     *
     * @return an unmodifiable map
     */
    public Map<SettingId, Long> asMap() {
        Map<SettingId, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            map.put(new SettingId(ids[i]), values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Returns SETTINGS_HEADER_TABLE_SIZE, initially 4096.
     *
     * @return the value
     */
    public long headerTableSize() {
        return value(SettingId.HEADER_TABLE_SIZE, 0);
    }

    /**
     * Returns whether SETTINGS_ENABLE_PUSH is 1, as it is initially.
     *
     * @return the value
     */
    public boolean enablePush() {
        return value(SettingId.ENABLE_PUSH, 0) == 1;
    }

    /**
     * Returns SETTINGS_MAX_CONCURRENT_STREAMS; without a value there is no limit, reported as 2^32-1.
     *
     * @return the value
     */
    public long maxConcurrentStreams() {
        return value(SettingId.MAX_CONCURRENT_STREAMS, UNLIMITED);
    }

    /**
     * Returns SETTINGS_INITIAL_WINDOW_SIZE, initially 65,535.
     *
     * @return the value
     */
    public long initialWindowSize() {
        return value(SettingId.INITIAL_WINDOW_SIZE, 0);
    }

    /**
     * Returns SETTINGS_MAX_FRAME_SIZE, initially 16,384.
     *
     * @return the value
     */
    public long maxFrameSize() {
        return value(SettingId.MAX_FRAME_SIZE, 0);
    }

    /**
     * Returns SETTINGS_MAX_HEADER_LIST_SIZE; without a value there is no limit, reported as 2^32-1.
     *
     * @return the value
     */
    public long maxHeaderListSize() {
        return value(SettingId.MAX_HEADER_LIST_SIZE, UNLIMITED);
    }

    /**
     * Returns whether SETTINGS_ENABLE_CONNECT_PROTOCOL is 1 (RFC 8441 §3); initially it is 0.
     *
     * @return the value
     */
    public boolean enableConnectProtocol() {
        return value(SettingId.ENABLE_CONNECT_PROTOCOL, 0) == 1;
    }

    /**
     * Returns whether SETTINGS_NO_RFC7540_PRIORITIES is 1 (RFC 9218 §2.1): the endpoint that sent it does
     * not use RFC 7540 priority signals. Initially it is 0.
     *
     * @return the value
     */
    public boolean noRfc7540Priorities() {
        return value(SettingId.NO_RFC7540_PRIORITIES, 0) == 1;
    }

    /**
     * Compares by the values in force.
     *
     * @param o the other object
     * @return whether {@code o} is a {@code Settings} with the same values
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Settings && ((Settings) o).asMap().equals(asMap());
    }

    /**
     * Returns a hash of the values.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    /**
     * Returns the values as text.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "Settings" + asMap();
    }
}

package dev.h2j;

import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
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
    /** 2^32-1, boxed once: a default boxed per call allocated a Long on every header block sent. */
    private static final Long UNLIMITED = 0xffffffffL;

    /** RFC 9113 §6.5.2: the settings' initial values; MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE have none. */
    private static final Settings INITIAL = new Settings(initialValues());

    private final Map<SettingId, Long> values;

    private Settings(Map<SettingId, Long> values) {
        this.values = values;
    }

    private static Map<SettingId, Long> initialValues() {
        Map<SettingId, Long> m = new LinkedHashMap<>();
        m.put(SettingId.HEADER_TABLE_SIZE, 4096L);
        m.put(SettingId.ENABLE_PUSH, 1L);
        m.put(SettingId.INITIAL_WINDOW_SIZE, 65_535L);
        m.put(SettingId.MAX_FRAME_SIZE, 16_384L);
        m.put(SettingId.ENABLE_CONNECT_PROTOCOL, 0L);
        m.put(SettingId.NO_RFC7540_PRIORITIES, 0L);
        return Collections.unmodifiableMap(m);
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
        Map<SettingId, Long> m = new LinkedHashMap<>(values);
        for (Setting s : changes) {
            m.put(s.id(), s.value());
        }
        return new Settings(Collections.unmodifiableMap(m));
    }

    /**
     * Returns the value of a setting.
     *
     * @param id the setting
     * @return its value, or empty when it has no initial value and was never set
     * @throws NullPointerException if {@code id} is null
     */
    public OptionalLong get(SettingId id) {
        Long v = values.get(Objects.requireNonNull(id, "id"));
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * Returns every setting with a value, in the order first set.
     *
     * @return an unmodifiable map
     */
    public Map<SettingId, Long> asMap() {
        return values;
    }

    /**
     * Returns SETTINGS_HEADER_TABLE_SIZE, initially 4096.
     *
     * @return the value
     */
    public long headerTableSize() {
        return values.get(SettingId.HEADER_TABLE_SIZE);
    }

    /**
     * Returns whether SETTINGS_ENABLE_PUSH is 1, as it is initially.
     *
     * @return the value
     */
    public boolean enablePush() {
        return values.get(SettingId.ENABLE_PUSH) == 1L;
    }

    /**
     * Returns SETTINGS_MAX_CONCURRENT_STREAMS; without a value there is no limit, reported as 2^32-1.
     *
     * @return the value
     */
    public long maxConcurrentStreams() {
        return values.getOrDefault(SettingId.MAX_CONCURRENT_STREAMS, UNLIMITED);
    }

    /**
     * Returns SETTINGS_INITIAL_WINDOW_SIZE, initially 65,535.
     *
     * @return the value
     */
    public long initialWindowSize() {
        return values.get(SettingId.INITIAL_WINDOW_SIZE);
    }

    /**
     * Returns SETTINGS_MAX_FRAME_SIZE, initially 16,384.
     *
     * @return the value
     */
    public long maxFrameSize() {
        return values.get(SettingId.MAX_FRAME_SIZE);
    }

    /**
     * Returns SETTINGS_MAX_HEADER_LIST_SIZE; without a value there is no limit, reported as 2^32-1.
     *
     * @return the value
     */
    public long maxHeaderListSize() {
        return values.getOrDefault(SettingId.MAX_HEADER_LIST_SIZE, UNLIMITED);
    }

    /**
     * Returns whether SETTINGS_ENABLE_CONNECT_PROTOCOL is 1 (RFC 8441 §3); initially it is 0.
     *
     * @return the value
     */
    public boolean enableConnectProtocol() {
        return values.get(SettingId.ENABLE_CONNECT_PROTOCOL) == 1L;
    }

    /**
     * Returns whether SETTINGS_NO_RFC7540_PRIORITIES is 1 (RFC 9218 §2.1): the endpoint that sent it does
     * not use RFC 7540 priority signals. Initially it is 0.
     *
     * @return the value
     */
    public boolean noRfc7540Priorities() {
        return values.get(SettingId.NO_RFC7540_PRIORITIES) == 1L;
    }

    /**
     * Compares by the values in force.
     *
     * @param o the other object
     * @return whether {@code o} is a {@code Settings} with the same values
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Settings && ((Settings) o).values.equals(values);
    }

    /**
     * Returns a hash of the values.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * Returns the values as text.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "Settings" + values;
    }
}

package dev.h2j.event;

import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Argument checks and copies shared by the event records; each check names the rule it enforces. */
final class Checks {

    private Checks() {
    }

    /** Checks an identifier that names a stream, never the connection: 1 to 2^31-1. */
    static int streamId(int streamId, String what) {
        if (streamId <= 0) {
            // RFC 9113 §5.1.1: stream 0 is the connection; identifiers are 31 bits (§4.1)
            throw new IllegalArgumentException("RFC 9113 §5.1.1: " + what + " "
                    + Integer.toUnsignedString(streamId) + " is outside 1..2^31-1");
        }
        return streamId;
    }

    /** Checks an identifier that may be 0 for the connection: 0 to 2^31-1. */
    static int streamIdOrZero(int streamId, String what) {
        if (streamId < 0) {
            // RFC 9113 §4.1: a stream identifier is an unsigned 31-bit integer
            throw new IllegalArgumentException("RFC 9113 §4.1: " + what + " "
                    + Integer.toUnsignedString(streamId) + " is outside 0..2^31-1");
        }
        return streamId;
    }

    /** Checks that a related StreamEnded is present as an Optional and concerns the same stream. */
    static void relatedStreamEnded(int streamId, Optional<StreamEnded> streamEnded) {
        Objects.requireNonNull(streamEnded, "streamEnded");
        if (streamEnded.isPresent() && streamEnded.get().streamId() != streamId) {
            // Related events come from the same frame, so they name the same stream.
            throw new IllegalArgumentException("related event streamEnded is on stream "
                    + streamEnded.get().streamId() + ", not on this event's stream " + streamId);
        }
    }

    /** Checks that a related PriorityUpdated is present as an Optional and concerns the same stream. */
    static void relatedPriority(int streamId, Optional<PriorityUpdated> priorityUpdated) {
        Objects.requireNonNull(priorityUpdated, "priorityUpdated");
        if (priorityUpdated.isPresent() && priorityUpdated.get().streamId() != streamId) {
            // Related events come from the same frame, so they name the same stream.
            throw new IllegalArgumentException("related event priorityUpdated is on stream "
                    + priorityUpdated.get().streamId() + ", not on this event's stream " + streamId);
        }
    }

    /** Returns an unmodifiable copy of a field list; null list or null field throws NullPointerException. */
    static List<HeaderField> headers(List<HeaderField> headers) {
        return List.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** Returns a read-only copy of the octets between position and limit; the source is not moved. */
    static ByteBuffer readOnlyCopy(ByteBuffer source, String what) {
        Objects.requireNonNull(source, what);
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate()).flip();
        return copy.asReadOnlyBuffer();
    }

    /**
     * Returns an unmodifiable copy in the source's iteration order, after checking the copy (not the
     * source, which the caller could still change): no null key or value, each key its value's setting.
     */
    static Map<SettingId, ChangedSetting> changedSettings(Map<SettingId, ChangedSetting> changedSettings) {
        Map<SettingId, ChangedSetting> copy =
                new LinkedHashMap<>(Objects.requireNonNull(changedSettings, "changedSettings"));
        for (Map.Entry<SettingId, ChangedSetting> entry : copy.entrySet()) {
            SettingId setting = Objects.requireNonNull(entry.getKey(), "changedSettings key");
            ChangedSetting change = Objects.requireNonNull(entry.getValue(), "changedSettings value");
            if (!setting.equals(change.setting())) {
                throw new IllegalArgumentException("changedSettings maps each setting to its own change: key "
                        + setting + " holds the change of " + change.setting());
            }
        }
        return Collections.unmodifiableMap(copy);
    }
}

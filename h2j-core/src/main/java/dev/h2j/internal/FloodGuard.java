package dev.h2j.internal;

import dev.h2j.Limits;
import dev.h2j.RateLimit;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.Frame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PriorityFrame;
import dev.h2j.frame.PriorityUpdateFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The flood limits of SECURITY.md: each received frame is checked here before the connection processes
 * it, and the connection reports here what else a peer made it do. A limit passed is reported as the
 * rule it broke; the connection turns that into a connection error ENHANCE_YOUR_CALM (RFC 9113 §10.5).
 *
 * <p>Rate limits are token buckets on the connection's clock: the caller's, or frame time, which
 * advances {@link #FRAME_TICK_NANOS} per frame received (see {@code H2Configuration.clock()}).
 */
final class FloodGuard {
    /** How far one received frame advances frame time: 10 ms, about the pace of a busy browser connection. */
    static final long FRAME_TICK_NANOS = 10_000_000;

    private final Limits limits;
    private final LongSupplier clock;
    private long framesReceived;

    // The token buckets, one per rate limit: indices into fullAt.
    private static final int PINGS = 0;
    private static final int SETTINGS = 1;
    private static final int PRIORITIES = 2;
    private static final int EMPTY_FRAMES = 3;
    private static final int RECEIVED_RESETS = 4;
    private static final int PROVOKED_RESETS = 5;
    private static final int WINDOW_UPDATES = 6;
    private static final int UNKNOWN_FRAMES = 7;

    /**
     * Each bucket as the generic cell rate algorithm keeps it: instead of a token count, the time at which
     * the bucket is full again (at or before now, it is full), so taking a token is one comparison and needs
     * no refill step. Only differences of times are compared, so any clock origin works, negative readings
     * included. A token's interval and the bucket's capacity follow from the shared {@link RateLimit} at
     * each take; a long per bucket is all a connection keeps (an object per bucket cost an idle connection
     * 320 octets in h2j-bench's Footprint).
     */
    private final long[] fullAt = new long[8];
    // WINDOW_UPDATE frames on stream 0 that DATA we sent has earned, plus one for the first.
    private long connectionWindowUpdateCredit = 1;

    /** A guard for {@code limits}; {@code clock} is null for frame time. */
    FloodGuard(Limits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        Arrays.fill(fullAt, now());
    }

    /** The connection's time: the caller's clock, or frame time. */
    long now() {
        return clock != null ? clock.getAsLong() : framesReceived * FRAME_TICK_NANOS;
    }

    /** Checks a received frame; returns the limit it passes, or null. */
    String received(Frame frame) {
        framesReceived++;
        if (frame instanceof PingFrame) {
            // RFC 9113 §6.7: each PING without ACK needs an answer (CVE-2019-9512).
            return ((PingFrame) frame).ack() ? null : take(PINGS, "PING frames", "maxPingRate", limits.maxPingRate());
        }
        if (frame instanceof SettingsFrame) {
            return settings((SettingsFrame) frame);
        }
        if (frame instanceof RstStreamFrame) {
            // Rapid Reset (CVE-2023-44487): streams opened and cancelled at once never reach the concurrency limit.
            return take(RECEIVED_RESETS, "RST_STREAM frames", "maxReceivedResetRate", limits.maxReceivedResetRate());
        }
        if (isEmpty(frame)) {
            // SECURITY.md #8: frames that carry nothing and end nothing (CVE-2019-9518).
            return take(EMPTY_FRAMES, "empty frames", "maxEmptyFrameRate", limits.maxEmptyFrameRate());
        }
        if (frame instanceof UnknownFrame) {
            // RFC 9113 §5.5: ignored, so a flood of them is all cost.
            return take(UNKNOWN_FRAMES, "frames of unknown types", "maxUnknownFrameRate", limits.maxUnknownFrameRate());
        }
        if (frame instanceof PriorityFrame || frame instanceof PriorityUpdateFrame) {
            // RFC 9113 §5.3.2, RFC 9218 §7: signals that change no state, free to send (CVE-2019-9513).
            return take(PRIORITIES, "PRIORITY and PRIORITY_UPDATE frames", "maxPriorityRate", limits.maxPriorityRate());
        }
        return null;
    }

    /**
     * Counts a RST_STREAM the connection is about to send because of the peer's fault; returns the limit
     * it passes, or null. MadeYouReset (CVE-2025-8671) makes the server reset streams its application
     * still works on.
     */
    String provokedReset() {
        return take(PROVOKED_RESETS, "RST_STREAM frames provoked by the peer", "maxProvokedResetRate",
                limits.maxProvokedResetRate());
    }

    /** Notes a DATA frame sent: it earns the peer a WINDOW_UPDATE on stream 0. */
    void dataSent() {
        connectionWindowUpdateCredit++;
    }

    /** Counts a WINDOW_UPDATE on stream 0; returns the limit it passes, or null. */
    String connectionWindowUpdate() {
        if (connectionWindowUpdateCredit > 0) {
            connectionWindowUpdateCredit--;
            return null;
        }
        return unearnedWindowUpdate();
    }

    /** Counts a WINDOW_UPDATE no DATA of ours earned; returns the limit it passes, or null. */
    String unearnedWindowUpdate() {
        // SECURITY.md #1: windows that nothing used, opened again and again, are work for nothing.
        return take(WINDOW_UPDATES, "unearned WINDOW_UPDATE frames", "maxWindowUpdateRate",
                limits.maxWindowUpdateRate());
    }

    /** DATA with no data and no END_STREAM; a field block fragment that is empty and not the last. */
    private static boolean isEmpty(Frame frame) {
        if (frame instanceof DataFrame) {
            DataFrame f = (DataFrame) frame;
            return !f.data().hasRemaining() && !f.endStream();
        }
        if (frame instanceof HeadersFrame) {
            HeadersFrame f = (HeadersFrame) frame;
            return !f.fragment().hasRemaining() && !f.endHeaders();
        }
        if (frame instanceof ContinuationFrame) {
            ContinuationFrame f = (ContinuationFrame) frame;
            return !f.fragment().hasRemaining() && !f.endHeaders();
        }
        if (frame instanceof PushPromiseFrame) {
            PushPromiseFrame f = (PushPromiseFrame) frame;
            return !f.fragment().hasRemaining() && !f.endHeaders();
        }
        return false;
    }

    /** RFC 9113 §6.5.3: each SETTINGS without ACK is applied and acknowledged (CVE-2019-9515). */
    private String settings(SettingsFrame f) {
        if (f.settings().size() > limits.maxSettingsEntries()) {
            return "RFC 9113 §10.5: SETTINGS with " + f.settings().size() + " entries exceeds Limits.maxSettingsEntries "
                    + limits.maxSettingsEntries();
        }
        return f.ack() ? null : take(SETTINGS, "SETTINGS frames", "maxSettingsRate", limits.maxSettingsRate());
    }

    /** Takes a token from {@code bucket}; returns the limit passed if it is empty, taking none. */
    private String take(int bucket, String what, String limit, RateLimit rate) {
        long now = now();
        long interval = rate.window().toNanos() / rate.events();
        long capacity = interval * rate.events();
        long next = (fullAt[bucket] - now > 0 ? fullAt[bucket] : now) + interval;
        if (next - now <= capacity) {
            fullAt[bucket] = next;
            return null;
        }
        return "RFC 9113 §10.5: " + what + " beyond Limits." + limit + " (" + rate + ")";
    }
}

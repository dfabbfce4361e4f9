package dev.h2j.internal;

import dev.h2j.Limits;
import dev.h2j.frame.Frame;
import dev.h2j.frame.SettingsFrame;

/**
 * The flood limits of SECURITY.md that a received frame alone decides: each frame is checked here
 * before the connection processes it. A limit passed is reported as the rule it broke; the connection
 * turns that into a connection error ENHANCE_YOUR_CALM (RFC 9113 §10.5).
 */
final class FloodGuard {
    private final Limits limits;

    FloodGuard(Limits limits) {
        this.limits = limits;
    }

    /** Checks a received frame; returns the limit it passes, or null. */
    String received(Frame frame) {
        if (frame instanceof SettingsFrame && ((SettingsFrame) frame).settings().size() > limits.maxSettingsEntries()) {
            return "RFC 9113 §10.5: SETTINGS with " + ((SettingsFrame) frame).settings().size()
                    + " entries exceeds Limits.maxSettingsEntries " + limits.maxSettingsEntries();
        }
        return null;
    }
}

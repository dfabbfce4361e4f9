package dev.h2j.internal;

/**
 * One inbound flow-control window (a stream's or the connection's) and the automatic strategy for
 * reopening it, as python-hyper h2's WindowManager does: received octets the application has processed
 * are collected and given back in one WINDOW_UPDATE once they reach half the window, or sooner when the
 * window is shut.
 *
 * <p>A {@link Stream} is its own stream window (it extends this class): one object per open stream
 * rather than two, which the exchange benchmark of h2j-bench shows in its allocation per request.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.9">RFC 9113 §6.9</a>
 */
class ReceiveWindow {
    /** RFC 9113 §6.9.1: the largest window, 2^31-1. */
    static final long MAX_WINDOW = 0x7fffffffL;

    private long window;
    private long maxWindow;
    private long processed;

    ReceiveWindow(long initial) {
        this.window = initial;
        this.maxWindow = initial;
    }

    /** How many more octets the peer may send. */
    long window() {
        return window;
    }

    /**
     * Takes {@code length} flow-controlled octets; false (and nothing taken) if they exceed the window.
     * An empty frame always fits, even in a window a SETTINGS change took below zero.
     */
    boolean consume(int length) {
        // RFC 9113 §6.9.1: an empty DATA frame with END_STREAM may be sent when no space is available.
        if (length > 0 && length > window) {
            return false;
        }
        window -= length;
        return true;
    }

    /** Whether opening the window by {@code increment} would pass 2^31-1 (RFC 9113 §6.9.1). */
    boolean wouldOverflow(long increment) {
        return window + increment > MAX_WINDOW;
    }

    /** A WINDOW_UPDATE we sent opened the window; a manual increment raises the automatic target too. */
    void opened(int increment) {
        window += increment;
        maxWindow = Math.max(maxWindow, window);
    }

    /** A SETTINGS_INITIAL_WINDOW_SIZE change took effect (RFC 9113 §6.9.2): the window may go negative. */
    void resize(long delta) {
        window += delta;
        maxWindow = Math.max(0, maxWindow + delta);
    }

    /**
     * Records {@code length} octets as processed and returns the increment to send now, or 0 to wait
     * for more: everything processed once it reaches half the target window, or once more than
     * min(1024, target/4) octets wait while the window is shut.
     */
    int process(int length) {
        processed += length;
        long room = maxWindow - window;
        long increment = 0;
        if (window <= 0 && processed > Math.min(1024, maxWindow / 4)) {
            increment = Math.min(processed, room);
            processed = 0;
        } else if (processed >= maxWindow / 2) {
            increment = Math.min(processed, room);
            processed = 0;
        }
        window += increment;
        return (int) increment;
    }
}

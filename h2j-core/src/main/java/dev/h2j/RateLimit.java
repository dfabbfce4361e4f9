package dev.h2j;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit on something the peer makes a connection do, such as answering PING frames: at most
 * {@code events} at once, and {@code events} per {@code window} on average. It is a token bucket that
 * holds {@code events} tokens, starts full and refills evenly over {@code window}; each event takes a
 * token, and an event that finds the bucket empty passes the limit. Peers ship the same shape: Netty's
 * 200 RST_STREAM frames per 30 seconds, nghttp2's bucket of 1000 refilled at 33 a second.
 *
 * <p>Time is the connection's clock ({@link H2Configuration#clock()}): the caller's monotonic
 * nanoseconds when it supplies a clock, else frame time, in which every frame received advances the
 * clock by 10 milliseconds. The core never reads a clock of its own, so the same input and clock
 * readings always give the same result.
 *
 * <pre>{@code
 * Limits limits = Limits.defaults().withMaxPingRate(new RateLimit(100, Duration.ofSeconds(10)));
 * }</pre>
 *
 * @param events how many events a full bucket allows at once, and how many come back per window
 * @param window how long the bucket takes to refill from empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-10.5">RFC 9113 §10.5</a>
 */
public record RateLimit(int events, Duration window) {

    /** The shortest window accepted. */
    public static final Duration MIN_WINDOW = Duration.ofMillis(1);

    /** The longest window accepted. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    /**
     * Creates a rate limit.
     *
     * @param events how many events a full bucket allows, 1 to the window's length in nanoseconds (so
     *     each token takes at least a nanosecond to come back)
     * @param window how long the bucket takes to refill, {@link #MIN_WINDOW} to {@link #MAX_WINDOW}
     * @throws IllegalArgumentException if either is outside its range
     * @throws NullPointerException if {@code window} is null
     */
    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window " + window + " is outside " + MIN_WINDOW + " to " + MAX_WINDOW);
        }
        if (events < 1 || events > window.toNanos()) {
            throw new IllegalArgumentException("events " + events + " is outside 1 to the window in nanoseconds");
        }
    }

    /**
     * Returns the limit as text, for messages: {@code "200 per 30 s"}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        long millis = window.toMillis();
        String span = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        return events + " per " + span;
    }
}

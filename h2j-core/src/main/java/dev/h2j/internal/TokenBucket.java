package dev.h2j.internal;

import dev.h2j.RateLimit;

/**
 * One {@link RateLimit} at work, as the generic cell rate algorithm keeps a token bucket: instead of a
 * token count it keeps the time at which the bucket will be full again, so taking a token is one
 * comparison and needs no refill step. Times are the connection's clock; only differences are compared,
 * so any origin works, negative readings included.
 */
final class TokenBucket {
    /** How long one token takes to come back. */
    private final long interval;
    /** How far the full-again time may run ahead of now: one interval per token of a full bucket. */
    private final long capacity;
    /** When the bucket is full again; at or before now, it is full. */
    private long fullAt;

    TokenBucket(RateLimit limit, long now) {
        this.interval = limit.window().toNanos() / limit.events();
        this.capacity = interval * limit.events();
        this.fullAt = now;
    }

    /** Takes a token at {@code now}; false, taking none, if the bucket is empty. */
    boolean take(long now) {
        long from = fullAt - now > 0 ? fullAt : now;
        long next = from + interval;
        if (next - now > capacity) {
            return false;
        }
        fullAt = next;
        return true;
    }
}

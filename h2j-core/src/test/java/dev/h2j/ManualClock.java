package dev.h2j;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A clock for {@link H2Configuration#withClock}: it stands still until the test advances it. */
final class ManualClock implements LongSupplier {
    // Any origin works: the connection compares differences only. A negative one, as System.nanoTime may give.
    private long nanos = -5_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration by) {
        nanos += by.toNanos();
    }
}

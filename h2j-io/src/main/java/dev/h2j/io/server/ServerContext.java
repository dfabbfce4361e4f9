package dev.h2j.io.server;

import dev.h2j.H2Configuration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every connection of one server shares: the application, the configuration, the access log (null
 * when nothing is logged), the idle timeout in nanoseconds, the stall timeout, and a meter.
 */
record ServerContext(Handler handler, H2Configuration configuration, Consumer<AccessLogEntry> accessLog,
        long idleTimeoutNanos, Duration stallTimeout, AtomicLong peakOutput) {

    /** Raises the high-water mark of octets one connection held waiting for the socket. */
    void recordOutput(long octets) {
        if (octets > peakOutput.get()) {
            peakOutput.accumulateAndGet(octets, Math::max);
        }
    }
}

package dev.h2j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk transfer: one {@value #SIZE}-octet response in DATA frames of 16,384 octets (the default max
 * frame size) through the in-memory pair, with the client's stream and connection windows at
 * {@link #window}. One op = one response: MB/s is the score times {@value #SIZE} / 10^6.
 * {@link MemoryCopyBenchmark} copies the same octets, the ceiling.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class BulkBenchmark {

    /** The response body: 64 MiB. */
    static final int SIZE = 64 << 20;

    /** The pair under test: h2j (zero copy), h2j-copy (the copying API) or netty. */
    @Param({"h2j", "h2j-copy", "netty"})
    public String impl;

    /** The client's initial stream window and connection window. */
    @Param({"65535", "1048576"})
    public int window;

    private Exchange pair;

    /** Connects a fresh pair. */
    @Setup(Level.Iteration)
    public void connect() {
        pair = Exchanges.named(impl, window, MemoryCopyBenchmark.source());
    }

    /** Closes the pair. */
    @TearDown(Level.Iteration)
    public void close() {
        pair.close();
    }

    /** Fetches the response to its end. */
    @Benchmark
    public long transfer() {
        long received = pair.exchange(1);
        if (received != SIZE) {
            throw new IllegalStateException("received " + received + " of " + SIZE + " octets");
        }
        return received;
    }
}

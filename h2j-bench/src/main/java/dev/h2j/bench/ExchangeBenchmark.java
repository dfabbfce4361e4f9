package dev.h2j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-memory request/response exchange: {@value #IN_FLIGHT} GET requests in flight together, each
 * answered with a 200 and a {@value #BODY}-octet body. One op = one request, so the score is requests
 * per second and {@code gc.alloc.rate.norm} is octets allocated per request. A fresh connection pair
 * per iteration keeps stream ids far from their end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class ExchangeBenchmark {

    /** Requests in flight per invocation: the default SETTINGS_MAX_CONCURRENT_STREAMS of both. */
    static final int IN_FLIGHT = 100;
    /** Response body octets. */
    static final int BODY = 100;

    /** The pair under test: h2j (zero copy), h2j-copy (the copying API) or netty. */
    @Param({"h2j", "h2j-copy", "netty"})
    public String impl;

    private Exchange pair;

    /** Connects a fresh pair. */
    @Setup(Level.Iteration)
    public void connect() {
        pair = Exchanges.named(impl, 65_535, new byte[BODY]);
    }

    /** Closes the pair. */
    @TearDown(Level.Iteration)
    public void close() {
        pair.close();
    }

    /** Sends {@value #IN_FLIGHT} requests at once and completes every response. */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public long exchange() {
        return pair.exchange(IN_FLIGHT);
    }
}

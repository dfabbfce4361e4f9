package dev.h2j.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling of {@link BulkBenchmark}: the same {@value BulkBenchmark#SIZE} octets copied once, in
 * 16,384-octet pieces (one per DATA frame), from the body into a buffer of the same size. One op = one
 * body copied.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class MemoryCopyBenchmark {

    private static final int PIECE = 16_384;

    private ByteBuffer body;
    private ByteBuffer copy;

    /** Returns the bulk body: {@value BulkBenchmark#SIZE} octets of a repeating pattern. */
    static byte[] source() {
        byte[] body = new byte[BulkBenchmark.SIZE];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + (i >>> 13));
        }
        return body;
    }

    /** Allocates the body and the destination. */
    @Setup
    public void allocate() {
        body = ByteBuffer.wrap(source());
        copy = ByteBuffer.allocate(BulkBenchmark.SIZE);
    }

    /** Copies the body piece by piece. */
    @Benchmark
    public int copy() {
        copy.clear();
        for (int at = 0; at < BulkBenchmark.SIZE; at += PIECE) {
            copy.put(body.slice(at, PIECE));
        }
        return copy.position();
    }
}

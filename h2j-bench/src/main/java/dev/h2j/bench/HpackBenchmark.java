package dev.h2j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * HPACK encode and decode of the raw-data workload ({@link Workload}), one op = one header list, so the
 * score is header lists per second and {@code gc.alloc.rate.norm} is octets allocated per list.
 *
 * <p>An invocation runs all 32 stories (3,384 lists), each through a fresh encoder or decoder, so
 * every invocation does the same table work. Decoders read the blocks their own peer's encoder wrote
 * (h2j's and Netty-with-Huffman's blocks are Huffman-coded where shorter, Netty's default blocks are
 * not); {@code WireSizes} prints each peer's encoded size beside the results.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class HpackBenchmark {

    /** The header lists of the raw-data workload; {@code @OperationsPerInvocation} needs a constant. */
    static final int LISTS = 3384;

    /** The codec under test: h2j or a peer ({@link HpackPeers}). */
    @Param({"h2j", "netty", "netty-huffman", "jetty", "twitter"})
    public String peer;

    private HpackCorpus<?, ?> corpus;

    /** Loads the workload and prepares it for {@link #peer}, checking the list count. */
    @Setup
    public void setup() throws Exception {
        Workload workload = Workload.rawData();
        if (workload.lists() != LISTS) {
            throw new IllegalStateException("raw-data has " + workload.lists() + " lists, expected " + LISTS);
        }
        corpus = HpackCorpus.of(HpackPeers.named(peer), workload);
    }

    /** Encodes every list, a fresh encoder per story. */
    @Benchmark
    @OperationsPerInvocation(LISTS)
    public long encode() throws Exception {
        return corpus.encodeAll();
    }

    /** Decodes every list the peer's own encoder wrote, a fresh decoder per story. */
    @Benchmark
    @OperationsPerInvocation(LISTS)
    public void decode(Blackhole bh) throws Exception {
        corpus.decodeAll(bh::consume);
    }
}

package dev.h2j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the HPACK benchmark honest: every peer's decoder gives back the workload its encoder was given. */
class HpackPeersTest {

    private static Workload workload;

    @BeforeAll
    static void load() {
        workload = Workload.rawData();
    }

    @Test
    void theWorkloadIsHttp2LegalRawData() {
        assertThat(workload.stories()).hasSize(32);
        assertThat(workload.lists()).isEqualTo(HpackBenchmark.LISTS);
        for (Workload.Story story : workload.stories()) {
            for (List<Workload.Field> list : story.lists()) {
                // RFC 9113 §8.3: pseudo-header fields precede regular ones.
                boolean regular = false;
                for (Workload.Field f : list) {
                    assertThat(f.name().startsWith(":") && regular).as("%s in %s", f, story.name()).isFalse();
                    regular |= !f.name().startsWith(":");
                    // RFC 9113 §8.2.2: no connection-specific fields.
                    assertThat(f.name()).isNotIn("connection", "keep-alive", "proxy-connection",
                            "transfer-encoding", "upgrade");
                }
            }
        }
    }

    @Test
    void everyPeerRoundTripsTheWorkloadThroughItsOwnWire() throws Exception {
        List<List<Workload.Field>> expected = new ArrayList<>();
        workload.stories().forEach(s -> expected.addAll(s.lists()));
        for (HpackPeer<?, ?> peer : HpackPeers.all()) {
            HpackCorpus<?, ?> corpus = HpackCorpus.of(peer, workload);
            assertThat(corpus.roundTrip()).as(peer.name()).isEqualTo(expected);
            // The benchmark decodes the same wrapped blocks again and again.
            assertThat(corpus.roundTrip()).as(peer.name() + ", second pass").isEqualTo(expected);
            assertThat(corpus.encodedOctets).as(peer.name()).isPositive().isLessThan(workload.octets());
            // The benchmark's encode op writes exactly the blocks the corpus was prepared from.
            assertThat(corpus.encodeAll()).as(peer.name()).isEqualTo(corpus.encodedOctets);
        }
    }

    @Test
    void netty_withHuffman_compressesBetterThanItsDefault() throws Exception {
        long plain = HpackCorpus.of(HpackPeers.named("netty"), workload).encodedOctets;
        long huffman = HpackCorpus.of(HpackPeers.named("netty-huffman"), workload).encodedOctets;
        assertThat(huffman).isLessThan(plain);
    }
}

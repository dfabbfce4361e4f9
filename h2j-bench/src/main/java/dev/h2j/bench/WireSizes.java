package dev.h2j.bench;

import java.util.Locale;

/**
 * Prints, as one JSON object, the workload's size and each HPACK peer's encoded size of it (fresh
 * context per story), for the results table: {@code java -cp benchmarks.jar dev.h2j.bench.WireSizes}.
 */
public final class WireSizes {

    private WireSizes() {
    }

    /**
     * Prints the sizes.
     *
     * @param args none
     * @throws Exception if a peer fails to encode the workload
     */
    public static void main(String[] args) throws Exception {
        Workload workload = Workload.rawData();
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"lists\": %d, \"octets\": %d, \"peers\": {",
                workload.lists(), workload.octets()));
        String sep = "";
        for (HpackPeer<?, ?> peer : HpackPeers.all()) {
            HpackCorpus<?, ?> corpus = HpackCorpus.of(peer, workload);
            json.append(String.format(Locale.ROOT, "%s\"%s\": {\"encoded\": %d, \"huffman\": \"%s\"}",
                    sep, peer.name(), corpus.encodedOctets, peer.huffmanPolicy()));
            sep = ", ";
        }
        System.out.println(json.append("}}"));
    }
}

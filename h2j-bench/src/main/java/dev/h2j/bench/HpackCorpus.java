package dev.h2j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The workload prepared for one peer: every list in the peer's own types, and every list encoded by
 * the peer's own encoder (a fresh context per story) and wrapped for its decoder.
 *
 * @param <L> the peer's header list
 * @param <W> the peer's encoded block
 */
final class HpackCorpus<L, W> {

    final HpackPeer<L, W> peer;
    final List<List<L>> lists = new ArrayList<>();
    final List<List<W>> wires = new ArrayList<>();
    final List<List<byte[]>> blocks = new ArrayList<>();
    long encodedOctets;

    HpackCorpus(HpackPeer<L, W> peer, Workload workload) throws Exception {
        this.peer = peer;
        for (Workload.Story story : workload.stories()) {
            HpackPeer.Encoder<L> encoder = peer.newEncoder();
            List<L> storyLists = new ArrayList<>();
            List<W> storyWires = new ArrayList<>();
            List<byte[]> storyBlocks = new ArrayList<>();
            for (List<Workload.Field> fields : story.lists()) {
                L list = peer.prepare(fields);
                encodedOctets += encoder.encode(list);
                byte[] block = encoder.lastBlock();
                storyLists.add(list);
                storyBlocks.add(block);
                storyWires.add(peer.wrap(block));
            }
            lists.add(storyLists);
            wires.add(storyWires);
            blocks.add(storyBlocks);
        }
    }

    /** Creates the corpus of {@code peer}, capturing its type parameters. */
    static HpackCorpus<?, ?> of(HpackPeer<?, ?> peer, Workload workload) throws Exception {
        return new HpackCorpus<>(peer, workload);
    }

    /** Encodes every story with a fresh encoder; returns the octets written, so nothing is dead code. */
    long encodeAll() throws Exception {
        long octets = 0;
        for (List<L> story : lists) {
            HpackPeer.Encoder<L> encoder = peer.newEncoder();
            for (int i = 0, n = story.size(); i < n; i++) {
                octets += encoder.encode(story.get(i));
            }
        }
        return octets;
    }

    /** Decodes every story with a fresh decoder, handing each decoded list to {@code sink}. */
    void decodeAll(java.util.function.Consumer<Object> sink) throws Exception {
        for (List<W> story : wires) {
            HpackPeer.Decoder<W> decoder = peer.newDecoder();
            for (int i = 0, n = story.size(); i < n; i++) {
                sink.accept(decoder.decode(story.get(i)));
            }
        }
    }

    /** Decodes every story and returns the lists as workload fields, to compare with the input. */
    List<List<Workload.Field>> roundTrip() throws Exception {
        List<List<Workload.Field>> out = new ArrayList<>();
        for (List<W> story : wires) {
            HpackPeer.Decoder<W> decoder = peer.newDecoder();
            for (W block : story) {
                out.add(decoder.fields(decoder.decode(block)));
            }
        }
        return out;
    }
}

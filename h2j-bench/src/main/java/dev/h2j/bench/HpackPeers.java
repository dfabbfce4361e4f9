package dev.h2j.bench;

import java.util.List;

/** The HPACK codecs the benchmarks compare, by the names {@code @Param} and the results table use. */
public final class HpackPeers {

    private HpackPeers() {
    }

    /** Returns h2j and every peer. */
    public static List<HpackPeer<?, ?>> all() {
        return List.of(new H2jHpack(), new NettyHpack(false), new NettyHpack(true), new JettyHpack(), new TwitterHpack());
    }

    /** Returns the codec named {@code name}. */
    public static HpackPeer<?, ?> named(String name) {
        for (HpackPeer<?, ?> peer : all()) {
            if (peer.name().equals(name)) {
                return peer;
            }
        }
        throw new IllegalArgumentException("no HPACK peer named " + name);
    }
}

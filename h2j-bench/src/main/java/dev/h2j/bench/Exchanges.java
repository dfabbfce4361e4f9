package dev.h2j.bench;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/** Builds the in-memory pairs by the names {@code @Param} and the results table use. */
final class Exchanges {

    private Exchanges() {
    }

    /**
     * Returns the pair named {@code name}, every response carrying {@code body}: "h2j" (h2j's zero-copy
     * path), "h2j-copy" (h2j's copying API) or "netty".
     */
    static Exchange named(String name, int window, byte[] body) {
        switch (name) {
            case "h2j":
                return new H2jExchange(window, ByteBuffer.wrap(body), true);
            case "h2j-copy":
                return new H2jExchange(window, ByteBuffer.wrap(body), false);
            case "netty":
                return new NettyExchange(window, Unpooled.wrappedBuffer(body));
            default:
                throw new IllegalArgumentException("no exchange named " + name);
        }
    }
}

package dev.h2j.io.server;

import dev.h2j.Headers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Servers for tests: loopback, ephemeral ports, two event loops, a short shutdown timeout. */
final class Servers {
    private Servers() {
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static H2Server.Builder builder(Handler handler) {
        return H2Server.builder(handler).eventLoops(2).shutdownTimeout(Duration.ofSeconds(5));
    }

    static H2Server cleartext(Handler handler) throws IOException {
        return builder(handler).cleartext(loopback()).build().start();
    }

    /** Answers every request with 200 and "hello from PATH". */
    static final Handler HELLO = (request, response) -> response.send(
            Headers.response(200).add("content-type", "text/plain").build(),
            ByteBuffer.wrap(("hello from " + request.path()).getBytes(StandardCharsets.UTF_8)));
}

package dev.h2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link H2Connection#receiveData(ByteBuffer)} of a client with arbitrary octets after a valid
 * server preface, with three requests in flight for them to answer: stream 1 (GET, ended), stream 3
 * (POST, its body under way) and stream 5 (GET, ended).
 *
 * <p>Input layout: octet 0 picks the configuration, how the rest is fed and whether the output is
 * drained ({@link Setup}); the rest follows the server's empty SETTINGS. Checks: those of
 * {@link CheckedConnection} and {@link PeerReader}, as for {@link ServerReceiveFuzzTest}.
 */
class ClientReceiveFuzzTest {

    @FuzzTest
    @Timeout(10)
    void anyOctetsAfterTheServerPreface(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Setup setup = Setup.of(input[0], true);
        CheckedConnection client = new CheckedConnection(setup.config(), PeerReader.wellFormedOnly(true));
        client.call(H2Connection::initiateConnection);
        client.call(c -> c.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true));
        client.call(c -> c.sendHeaders(3, Headers.request("POST", "https", "example.com", "/form").build(), false));
        client.call(c -> c.sendData(3, ByteBuffer.wrap("name=h2j".getBytes(StandardCharsets.US_ASCII)), false));
        client.call(c -> c.sendHeaders(5, Headers.request("GET", "https", "example.com", "/favicon.ico").build(), true));
        client.receive(ByteBuffer.wrap(Prefaces.server()));
        if (client.closed()) {
            throw new AssertionError("a valid server preface closed the connection");
        }

        client.receiveInChunks(ByteBuffer.wrap(input, 1, input.length - 1), setup.chunk(), setup.drain());
        client.drain(Integer.MAX_VALUE);
    }
}

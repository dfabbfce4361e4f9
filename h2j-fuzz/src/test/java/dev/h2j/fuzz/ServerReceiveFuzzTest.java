package dev.h2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.h2j.H2Connection;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link H2Connection#receiveData(ByteBuffer)} of a server with arbitrary octets after a valid
 * client preface.
 *
 * <p>Input layout: octet 0 picks the configuration, how the rest is fed and whether the output is
 * drained ({@link Setup}); the rest follows the client's magic and empty SETTINGS. Checks: those of
 * {@link CheckedConnection} (only connection errors escape, the closed connection discards input, the
 * outbound buffer and the open streams stay bounded) and of {@link PeerReader} (every octet sent is a
 * well-formed frame, nothing follows an error GOAWAY).
 */
class ServerReceiveFuzzTest {

    @FuzzTest
    @Timeout(10)
    void anyOctetsAfterTheClientPreface(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Setup setup = Setup.of(input[0], false);
        CheckedConnection server = new CheckedConnection(setup.config(), PeerReader.wellFormedOnly(false));
        server.call(H2Connection::initiateConnection);
        server.receive(ByteBuffer.wrap(Prefaces.client()));
        if (server.closed()) {
            throw new AssertionError("a valid client preface closed the connection");
        }

        server.receiveInChunks(ByteBuffer.wrap(input, 1, input.length - 1), setup.chunk(), setup.drain());
        server.drain(Integer.MAX_VALUE);
    }
}

package dev.h2j.interop;

import dev.h2j.io.testing.Peers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's built-in http2 client ({@code interop/node/h2-client.js}, one process per scenario) against
 * h2j's server over TLS, h2 by ALPN, the server's certificate trusted as the CA.
 */
@Interop
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeClientTest {
    private static final boolean PRESENT = Peers.onPath("node");

    private static InteropServer server;
    private static ScriptedClientScenarios scenarios;

    @BeforeAll
    static void start() {
        if (PRESENT) {
            Matrix.version(Peer.NODE_CLIENT, Scripts.nodeVersion());
            server = InteropServer.start();
            scenarios = new ScriptedClientScenarios(server, (scenario, target) -> List.of("node",
                    Scripts.of("node/h2-client.js").toString(), scenario.name(), target.tlsUri().toString(),
                    target.certificatePem().toString()));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void requireNode() {
        Peers.require(PRESENT, "node");
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        scenarios.goawayUnderLoad();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader();
    }

    @Test
    @Cell(peer = Peer.NODE_CLIENT, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders();
    }
}

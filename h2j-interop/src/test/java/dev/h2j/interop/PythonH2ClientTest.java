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
 * A client on python-hyper's h2 (Debian's python3-h2; {@code interop/python/h2_client.py}, one process
 * per scenario, a plain socket) against h2j's server over cleartext, with prior knowledge. GOAWAY under
 * load is not asked: see {@link Peer#PYTHON_H2_CLIENT}.
 */
@Interop
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonH2ClientTest {
    private static final boolean PRESENT = Peers.pythonHas("h2");

    private static InteropServer server;
    private static ScriptedClientScenarios scenarios;

    @BeforeAll
    static void start() {
        if (PRESENT) {
            Matrix.version(Peer.PYTHON_H2_CLIENT, Scripts.pythonH2Version());
            server = InteropServer.start();
            scenarios = new ScriptedClientScenarios(server, (scenario, target) -> List.of(
                    Peers.PYTHON3.toString(), Scripts.of("python/h2_client.py").toString(), scenario.name(),
                    target.cleartextUri().toString()));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void requirePythonH2() {
        Peers.require(PRESENT, "python3 module h2");
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_CLIENT, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders();
    }
}

package dev.h2j.interop;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.testing.Peers;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * h2j's client against a server on python-hyper's h2 (Debian's python3-h2; {@code
 * interop/python/h2_server.py}, the whole endpoint contract, a thread per connection) over cleartext,
 * with prior knowledge. GOAWAY under load is not asked: see {@link Peer#PYTHON_H2_SERVER}.
 */
@Interop
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PythonH2ServerTest {
    private static final boolean PRESENT = Peers.pythonHas("h2");

    private static ScriptedServer server;
    private static ClientScenarios scenarios;

    @BeforeAll
    static void start() {
        if (PRESENT) {
            Matrix.version(Peer.PYTHON_H2_SERVER, Scripts.pythonH2Version());
            server = ScriptedServer.start(List.of(Peers.PYTHON3.toString(), Scripts.of("python/h2_server.py").toString(),
                    "--root", Site.get().root().toString()));
            scenarios = new ClientScenarios(URI.create("http://127.0.0.1:" + server.port()),
                    ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
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
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/drip");
        server.awaitReset("/drip", ErrorCode.CANCEL.code());
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.PYTHON_H2_SERVER, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }
}

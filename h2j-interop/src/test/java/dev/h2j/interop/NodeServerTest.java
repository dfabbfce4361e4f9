package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.testing.Certificates;
import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * h2j's client against Node's built-in http2 server ({@code interop/node/h2-server.js}, the whole
 * endpoint contract) over TLS, h2 by ALPN, with the self-signed test certificate.
 */
@Interop
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeServerTest {
    private static final boolean PRESENT = Peers.onPath("node");

    private static ScriptedServer server;
    private static ClientScenarios scenarios;

    @BeforeAll
    static void start() {
        if (PRESENT) {
            Matrix.version(Peer.NODE_SERVER, Scripts.nodeVersion());
            Certificates certificates = Certificates.selfSigned();
            server = ScriptedServer.start(List.of("node", Scripts.of("node/h2-server.js").toString(),
                    "--root", Site.get().root().toString(),
                    "--cert", certificates.certificatePem().toString(), "--key", certificates.keyPem().toString()));
            scenarios = new ClientScenarios(URI.create("https://127.0.0.1:" + server.port()),
                    ClientOptions.defaults().withSslContext(certificates.clientContext()));
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
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/drip");
        server.awaitReset("/drip", ErrorCode.CANCEL.code());
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        List<Integer> completed = scenarios.goawayUnderLoad("/delay?ms=300&id={id}", () -> {
            Awaits.until("Node took the requests", Duration.ofSeconds(10),
                    () -> server.requests("/delay").size() >= ClientScenarios.GOAWAY_LOAD);
            try {
                // h2-server.js closes every session gracefully on SIGUSR2 (Node's session.close()).
                server.process().signal("USR2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> processed = server.report().all("processed").stream().map(node -> node.get("id").asText()).toList();
        // Each request Node took was answered, once; the others it never saw.
        assertThat(processed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(completed.stream().map(String::valueOf).toList());
        assertThat(server.report().all("goaway")).extracting(node -> node.get("sessions").asInt()).containsExactly(1);
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.NODE_SERVER, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }
}

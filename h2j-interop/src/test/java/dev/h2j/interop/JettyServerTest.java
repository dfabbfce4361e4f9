package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.testing.Certificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * h2j's client against Jetty 12's HTTP/2 server ({@link JettyServer}: the core Handler API with the
 * whole endpoint contract) over TLS, h2 by ALPN, with the self-signed test certificate.
 */
@Interop
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JettyServerTest {
    private static JettyServer server;
    private static ClientScenarios scenarios;

    @BeforeAll
    static void start() throws Exception {
        Matrix.version(Peer.JETTY_SERVER, JettyServer.version());
        Certificates certificates = Certificates.selfSigned();
        server = JettyServer.start(Site.get().root(), certificates.serverContext());
        scenarios = new ClientScenarios(server.origin(), ClientOptions.defaults().withSslContext(certificates.clientContext()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/drip");
        // The CANCEL fails the write Jetty's handler was waiting on: the drip stops there.
        Awaits.until("Jetty's /drip stopped", Duration.ofSeconds(10), () -> !server.dripFailures().isEmpty());
        assertThat(server.dripFailures()).singleElement().isInstanceOf(EofException.class);
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        List<CompletableFuture<Void>> shutdown = new ArrayList<>();
        List<Integer> completed = scenarios.goawayUnderLoad("/delay?ms=300&id={id}", () -> {
            Awaits.until("Jetty took the requests", Duration.ofSeconds(10),
                    () -> server.processedIds().size() >= ClientScenarios.GOAWAY_LOAD);
            shutdown.add(server.goAway());
        });
        shutdown.get(0).get(30, TimeUnit.SECONDS);
        // Each request Jetty took was answered, once; the others it never saw.
        assertThat(server.processedIds()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(completed.stream().map(String::valueOf).toList());
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.JETTY_SERVER, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }
}
